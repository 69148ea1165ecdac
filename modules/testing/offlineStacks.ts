import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { featuresSchema, type PipelineConfigInput } from "@imgpipe/core";
import { bootstrapConfig, deployedConfigs, synthesizeAll } from "../app.js";
import { bootstrapStackName } from "../bootstrapStack.js";
import { lockFilePath } from "../deploy/lockFiles.js";
import { CONFIG_VARIANTS } from "./allStacks.js";

const projectDir = fileURLToPath(new URL("../..", import.meta.url));
const configDir = join(projectDir, "config");

/**
 * The configs the offline plan covers besides the repository's own: the test variants
 * (every option on, OIDC, minimal) and, on top of the everything-on variant, every
 * combination of the feature switches the config schema defines — a switch added to
 * the schema is planned in every combination without touching this file.
 */
export function offlineVariantConfigs(): Record<string, PipelineConfigInput> {
  const switches = Object.keys(featuresSchema.shape);
  const everything = CONFIG_VARIANTS.everything as PipelineConfigInput;
  const combinations: Record<string, PipelineConfigInput> = {};
  for (let mask = 0; mask < 2 ** switches.length - 1; mask++) {
    const features = Object.fromEntries(
      switches.map((name, bit) => [name, Boolean(mask & (1 << bit))]),
    );
    const environment = `features-${switches.map((_, bit) => ((mask >> bit) & 1 ? "1" : "0")).join("")}`;
    combinations[environment] = { ...everything, environment, features };
  }
  return { ...CONFIG_VARIANTS, ...combinations };
}

/** The names of the stacks {@link synthesizeOfflineStacks} makes, known before it runs. */
export function offlineStackNames(): string[] {
  const bootstrap = bootstrapConfig(configDir);
  return [
    bootstrapStackName(bootstrap),
    ...[...deployedConfigs(configDir), ...Object.values(offlineVariantConfigs())].map(
      (config) => `${bootstrap.project}-${config.environment}`,
    ),
  ];
}

export interface OfflineStack {
  readonly name: string;
  /** The synthesized folder: `cdk.tf.json` and its assets. */
  readonly dir: string;
  /** The committed `.terraform.lock.hcl` of a stack the repository deploys. */
  readonly lockFile?: string;
}

/**
 * Synthesizes, with the app's own `synthesizeAll`, the bootstrap stack, every config of
 * `config/` and every {@link offlineVariantConfigs} variant into a temporary folder.
 */
export async function synthesizeOfflineStacks(): Promise<OfflineStack[]> {
  const workDir = mkdtempSync(join(tmpdir(), "imgpipe-offline-stacks-"));
  const configs = join(workDir, "config");
  const outdir = join(workDir, "cdktf.out");
  mkdirSync(configs);
  for (const file of readdirSync(configDir).filter((name) => name.endsWith(".json"))) {
    copyFileSync(join(configDir, file), join(configs, file));
  }
  const deployed = new Set(readdirSync(configDir));
  for (const [name, config] of Object.entries(offlineVariantConfigs())) {
    const file = `${config.environment}.json`;
    if (deployed.has(file)) throw new Error(`variant ${name} would overwrite config/${file}`);
    writeFileSync(join(configs, file), JSON.stringify(config));
  }
  const names = await synthesizeAll({ configDir: configs, outdir, stateDir: workDir });
  return names.map((name) => {
    const lockFile = lockFilePath(join(projectDir, "locks"), name);
    return {
      name,
      dir: join(outdir, "stacks", name),
      ...(existsSync(lockFile) ? { lockFile } : {}),
    };
  });
}
