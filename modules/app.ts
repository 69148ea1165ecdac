import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  type BootstrapConfig,
  type PipelineConfig,
  readBootstrapConfigFile,
  readPipelineConfigFile,
} from "@imgpipe/core";
import { App, type TerraformStack } from "cdktf";
import { StackSynthesizer } from "cdktf/lib/synthesize/synthesizer.js";
import { BootstrapStack, bootstrapStackName } from "./bootstrapStack.js";
import { copyLockFile } from "./deploy/lockFiles.js";
import { restoreTerraformAttributes } from "./hcl/terraformBlock.js";
import { formatTerraformHcl } from "./hcl/terraformFormat.js";
import { PipelineStack, pipelineStackName } from "./pipelineStack.js";

/** Read by the local cloud only; it never becomes infrastructure. */
const LOCAL_CONFIG_FILE = "local.json";
/** The account-wide settings: the state bucket and CI access, not an environment. */
export const BOOTSTRAP_CONFIG_FILE = "bootstrap.json";

export interface SynthesizeOptions {
  /** Folder of the configs: `bootstrap.json` and one `<environment>.json` per environment. */
  readonly configDir: string;
  /** Terraform JSON goes to `<outdir>/stacks/<stack>/cdk.tf.json`, HCL to `<outdir>/hcl/stacks/<stack>/cdk.tf`. */
  readonly outdir: string;
  /** Folder of the bootstrap stack's local state file, shared by the JSON and the HCL rendering. */
  readonly stateDir: string;
  /** Folder of the committed provider lock files (`<lockDir>/<stack>/.terraform.lock.hcl`), copied beside each stack. */
  readonly lockDir?: string;
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

/** The account-wide settings of `configDir`. */
export function bootstrapConfig(configDir: string): BootstrapConfig {
  return readBootstrapConfigFile(join(configDir, BOOTSTRAP_CONFIG_FILE));
}

/**
 * Synthesizes the {@link BootstrapStack} and one {@link PipelineStack} per deployed
 * environment, twice: as Terraform JSON and as HCL formatted like `terraform fmt`, so the
 * output also works with plain Terraform.
 *
 * @returns the names of the synthesized stacks, the bootstrap stack first
 * @example
 * await synthesizeAll({ configDir: "config", outdir: "cdktf.out", stateDir: "." });
 * // cdktf.out/stacks/imgpipe-dev/cdk.tf.json, cdktf.out/hcl/stacks/imgpipe-dev/cdk.tf, …
 */
export async function synthesizeAll({
  configDir,
  outdir,
  stateDir,
  lockDir,
}: SynthesizeOptions): Promise<string[]> {
  const bootstrap = bootstrapConfig(configDir);
  const configs = deployedConfigs(configDir);
  for (const config of configs) {
    if (config.project !== bootstrap.project) {
      throw new Error(
        `config for ${config.environment} names project ${config.project}, bootstrap.json ${bootstrap.project}`,
      );
    }
  }
  const names = [bootstrapStackName(bootstrap), ...configs.map(pipelineStackName)];

  for (const hcl of [false, true]) {
    const renderingDir = hcl ? join(outdir, "hcl") : outdir;
    // No stack traces: they would write this machine's paths into the output.
    const app = new App({ outdir: renderingDir, hclOutput: hcl, stackTraces: false });
    const bootstrapName = bootstrapStackName(bootstrap);
    const stacks: TerraformStack[] = [
      new BootstrapStack(app, bootstrapName, {
        bootstrap,
        environments: configs.map((config) => config.environment),
        localStatePath: relative(
          join(renderingDir, "stacks", bootstrapName),
          join(stateDir, `terraform.${bootstrapName}.tfstate`),
        ),
      }),
      ...configs.map(
        (config) => new PipelineStack(app, pipelineStackName(config), { config, bootstrap }),
      ),
    ];
    for (const stack of stacks) {
      // cdktf 0.21 names the file after App's hclOutput but renders HCL only when the
      // CLI's SYNTH_HCL_OUTPUT variable is set; without this, cdk.tf would hold JSON.
      stack.synthesizer = new StackSynthesizer(stack, false, hcl);
    }
    app.synth();
    if (lockDir) {
      for (const name of names) copyLockFile(lockDir, name, join(renderingDir, "stacks", name));
    }
    if (hcl) {
      await Promise.all(
        names.map(async (name) => {
          const file = join(renderingDir, "stacks", name, "cdk.tf");
          const json = JSON.parse(
            readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"),
          );
          const hclText = restoreTerraformAttributes(readFileSync(file, "utf8"), json.terraform);
          writeFileSync(file, await formatTerraformHcl(hclText));
        }),
      );
    }
  }
  return names;
}
