import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { type PipelineConfig, readPipelineConfigFile } from "@imgpipe/core";
import { App } from "cdktf";
import { StackSynthesizer } from "cdktf/lib/synthesize/synthesizer.js";
import { PipelineStack, pipelineStackName } from "./pipelineStack.js";

/** Read by the local cloud only; it never becomes infrastructure. */
const LOCAL_CONFIG_FILE = "local.json";
/** The account-wide settings: the state bucket and CI access, not an environment. */
export const BOOTSTRAP_CONFIG_FILE = "bootstrap.json";

export interface SynthesizeOptions {
  /** Folder of the environment configs, one `<environment>.json` each. */
  readonly configDir: string;
  /** Terraform JSON goes to `<outdir>/stacks/<stack>/cdk.tf.json`, HCL to `<outdir>/hcl/stacks/<stack>/cdk.tf`. */
  readonly outdir: string;
  /** Folder of the local state files, shared by the JSON and the HCL rendering. */
  readonly stateDir: string;
}

/** The configs of the environments deployed to AWS, in file name order. */
export function deployedConfigs(configDir: string): PipelineConfig[] {
  return readdirSync(configDir)
    .filter(
      (file) =>
        file.endsWith(".json") && file !== LOCAL_CONFIG_FILE && file !== BOOTSTRAP_CONFIG_FILE,
    )
    .sort()
    .map((file) => readPipelineConfigFile(join(configDir, file)));
}

/**
 * Synthesizes one {@link PipelineStack} per deployed environment, twice: as Terraform
 * JSON and as HCL, so the output also works with plain Terraform.
 *
 * @returns the names of the synthesized stacks
 * @example
 * synthesizeAll({ configDir: "config", outdir: "cdktf.out", stateDir: "." });
 * // cdktf.out/stacks/imgpipe-dev/cdk.tf.json, cdktf.out/hcl/stacks/imgpipe-dev/cdk.tf, …
 */
export function synthesizeAll({ configDir, outdir, stateDir }: SynthesizeOptions): string[] {
  const configs = deployedConfigs(configDir);
  for (const hcl of [false, true]) {
    const renderingDir = hcl ? join(outdir, "hcl") : outdir;
    // No stack traces: they would write this machine's paths into the output.
    const app = new App({ outdir: renderingDir, hclOutput: hcl, stackTraces: false });
    for (const config of configs) {
      const name = pipelineStackName(config);
      const stackDir = join(renderingDir, "stacks", name);
      const stack = new PipelineStack(app, name, {
        config,
        localStatePath: relative(stackDir, join(stateDir, `terraform.${name}.tfstate`)),
      });
      // cdktf 0.21 names the file after App's hclOutput but renders HCL only when the
      // CLI's SYNTH_HCL_OUTPUT variable is set; without this, cdk.tf would hold JSON.
      stack.synthesizer = new StackSynthesizer(stack, false, hcl);
    }
    app.synth();
  }
  return configs.map(pipelineStackName);
}
