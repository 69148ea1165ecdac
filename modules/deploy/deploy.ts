import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import type { PipelineConfig } from "@imgpipe/core";
import { bootstrapConfig, deployedConfigs } from "../app.js";
import { bootstrapStackName } from "../bootstrapStack.js";
import { pipelineStackName } from "../pipelineStack.js";
import { terraform, terraformInTerminal } from "../terraform/terraformCli.js";
import { signingKeySecretName } from "../transform.js";
import { LOCK_FILE_NAME } from "./lockFiles.js";
import type { PlanJson } from "./planJson.js";
import { renderPlanComment, summarizePlan } from "./planSummary.js";
import { seedSigningKey } from "./signingKey.js";

/** The files a plan leaves in its stack folder, for the apply job and the pull request. */
export const PLAN_FILES = {
  /** The saved plan `terraform apply` applies exactly. */
  plan: "tfplan",
  json: "plan.json",
  text: "plan.txt",
  /** The pull-request comment / job summary. */
  summary: "plan.md",
} as const;

export interface DeployOptions {
  /** An environment of `config/`, or `bootstrap` for the bootstrap stack. */
  readonly environment: string;
  /** Stop after saving the plan (what pull requests and the apply workflow's plan job do). */
  readonly planOnly: boolean;
  /** Apply the plan saved in the stack folder by an earlier `--plan-only`; no synth, no new plan. */
  readonly applySaved: boolean;
  /** Use what is already in cdktf.out. */
  readonly synth: boolean;
  /** Apply without asking (CI: the GitHub environment's approval is the question). */
  readonly autoApprove: boolean;
  /** Plan without taking the state lock (the read-only plan role cannot write it). */
  readonly lock: boolean;
}

/** A deploy request that cannot run; the message says what to do instead. */
export class DeployError extends Error {
  readonly code = "deploy_refused";
  constructor(message: string) {
    super(message);
    this.name = "DeployError";
  }
}

/** The stack an environment name deploys: `bootstrap` or one of `config/<environment>.json`. */
export function stackOf(projectDir: string, environment: string): string {
  const config = pipelineConfigOf(projectDir, environment);
  return config
    ? pipelineStackName(config)
    : bootstrapStackName(bootstrapConfig(configDir(projectDir)));
}

/** An environment's pipeline config; undefined for `bootstrap`. */
function pipelineConfigOf(projectDir: string, environment: string): PipelineConfig | undefined {
  if (environment === "bootstrap") return undefined;
  const configs = deployedConfigs(configDir(projectDir));
  const config = configs.find((c) => c.environment === environment);
  if (!config) {
    const known = configs.map((c) => c.environment);
    throw new DeployError(
      `No environment "${environment}": use bootstrap or one of ${known.join(", ")} (config/<environment>.json)`,
    );
  }
  return config;
}

function configDir(projectDir: string): string {
  return join(projectDir, "config");
}

/**
 * What `cdktf deploy` does, in steps CI can split: synthesize, `terraform init` with the
 * committed lock file, plan into a saved plan (with its JSON, text and summary beside
 * it), then apply exactly that saved plan — which Terraform refuses if the state moved
 * since it was made.
 */
export async function deploy(projectDir: string, options: DeployOptions): Promise<void> {
  const stack = stackOf(projectDir, options.environment);
  if (options.synth && !options.applySaved) run("npm", ["run", "synth"], projectDir);
  const dir = join(projectDir, "cdktf.out", "stacks", stack);
  if (!existsSync(join(dir, "cdk.tf.json"))) {
    throw new DeployError(`${stack} is not synthesized: run npm run synth (or drop --no-synth)`);
  }
  if (!existsSync(join(dir, LOCK_FILE_NAME))) {
    throw new DeployError(
      `${stack} has no committed provider lock file: run npm run providers:lock and commit locks/${stack}/`,
    );
  }
  await terraformInTerminal(["init", "-input=false", "-lockfile=readonly"], dir);

  if (options.applySaved) {
    if (!existsSync(join(dir, PLAN_FILES.plan))) {
      throw new DeployError(`No saved plan in ${dir}: plan first with --plan-only`);
    }
  } else {
    await planStack(stack, dir, options.lock);
    if (options.planOnly) return;
    if (!options.autoApprove && !(await confirmed(stack))) {
      throw new DeployError("Not applied: the answer was not yes");
    }
  }
  console.log(readFileSync(join(dir, PLAN_FILES.summary), "utf8"));
  await terraformInTerminal(["apply", "-input=false", PLAN_FILES.plan], dir);
  const config = pipelineConfigOf(projectDir, options.environment);
  if (config?.features.transform) await seedTransformSigningKey(config);
}

/** The signing key's first value, made after the apply that created its secret. */
async function seedTransformSigningKey(config: PipelineConfig): Promise<void> {
  const { SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
  const client = new SecretsManagerClient({ region: config.region });
  try {
    const name = signingKeySecretName(config);
    const outcome = await seedSigningKey(client, name);
    console.log(
      outcome === "created" ? `Signing key generated into ${name}` : `Signing key kept in ${name}`,
    );
  } finally {
    client.destroy();
  }
}

async function planStack(stack: string, dir: string, lock: boolean): Promise<void> {
  await terraformInTerminal(
    ["plan", "-input=false", `-out=${PLAN_FILES.plan}`, ...(lock ? [] : ["-lock=false"])],
    dir,
  );
  const json = await terraform(["show", "-json", PLAN_FILES.plan], { dir });
  const text = await terraform(["show", "-no-color", PLAN_FILES.plan], { dir });
  writeFileSync(join(dir, PLAN_FILES.json), json);
  writeFileSync(join(dir, PLAN_FILES.text), text);
  const summary = summarizePlan(stack, JSON.parse(json) as PlanJson);
  const commit = process.env.GITHUB_SHA?.slice(0, 7);
  writeFileSync(
    join(dir, PLAN_FILES.summary),
    renderPlanComment(summary, { planText: text, ...(commit ? { commit } : {}) }),
  );
}

async function confirmed(stack: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new DeployError("Nobody to ask: pass --auto-approve to apply without a terminal");
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(`Apply this plan to ${stack}? Only "yes" applies: `);
  prompt.close();
  return answer.trim() === "yes";
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) throw new DeployError(`${command} ${args.join(" ")} failed`);
}
