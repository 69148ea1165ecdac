import { readFileSync } from "node:fs";
import * as z from "zod";
import { ConfigError } from "../errors.js";
import { parseConfig } from "./parseConfig.js";

const githubName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, "use a GitHub owner or repository name, without slashes");

/**
 * The account-wide settings of a deployment (`config/bootstrap.json`): where Terraform
 * keeps its state and which GitHub repository may deploy. Every environment's stack
 * reads it too, for its backend and to refuse any other AWS account.
 */
export const bootstrapConfigSchema = z.object({
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,20}$/, "use 2–21 lowercase letters, digits and dashes")
    .default("imgpipe"),
  /** The region of the state bucket and the CI roles. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "use an AWS region such as eu-west-1")
    .default("us-east-1"),
  /** The only account the stacks may be applied to. */
  awsAccountId: z.string().regex(/^\d{12}$/, "use the 12-digit AWS account id"),
  /** The repository whose workflows may assume the plan and apply roles. */
  github: z.object({ owner: githubName, repo: githubName }),
});

export type BootstrapConfig = z.output<typeof bootstrapConfigSchema>;
export type BootstrapConfigInput = z.input<typeof bootstrapConfigSchema>;

/**
 * Validates raw bootstrap settings and fills in the defaults.
 *
 * @throws ConfigError listing every invalid field
 * @example
 * const bootstrap = parseBootstrapConfig(
 *   { awsAccountId: "123456789012", github: { owner: "acme", repo: "imgpipe" } },
 *   "config/bootstrap.json",
 * );
 * stateBucketName(bootstrap); // "imgpipe-tfstate-123456789012-us-east-1"
 */
export function parseBootstrapConfig(raw: unknown, source = "bootstrap config"): BootstrapConfig {
  return parseConfig(bootstrapConfigSchema, raw, `imgpipe bootstrap config in ${source}`);
}

/** Reads and validates `config/bootstrap.json`. */
export function readBootstrapConfigFile(path: string): BootstrapConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new ConfigError(`Cannot read the imgpipe bootstrap config file ${path}`, { cause });
  }
  return parseBootstrapConfig(raw, path);
}

/**
 * The state bucket's name. Account and region make it globally unique without a random
 * suffix, so every stack can name its backend before the bucket exists.
 */
export function stateBucketName(
  config: Pick<BootstrapConfig, "project" | "awsAccountId" | "region">,
) {
  return `${config.project}-tfstate-${config.awsAccountId}-${config.region}`;
}

/** The role plans assume (pull requests and the main branch), e.g. `imgpipe-ci-plan`. */
export function planRoleName(project: string) {
  return `${project}-ci-plan`;
}

/** The role only the apply job of one environment assumes, e.g. `imgpipe-ci-apply-prod`. */
export function applyRoleName(project: string, environment: string) {
  return `${project}-ci-apply-${environment}`;
}

/**
 * The permissions boundary every role of an environment's stack carries, e.g.
 * `imgpipe-prod-permissions-boundary`; the apply role creates roles only with it.
 */
export function permissionsBoundaryName(project: string, environment: string) {
  return `${project}-${environment}-permissions-boundary`;
}

/** The ARN of {@link permissionsBoundaryName}, in the configured account. */
export function permissionsBoundaryArn(
  config: Pick<BootstrapConfig, "project" | "awsAccountId">,
  environment: string,
) {
  return `arn:aws:iam::${config.awsAccountId}:policy/${permissionsBoundaryName(config.project, environment)}`;
}
