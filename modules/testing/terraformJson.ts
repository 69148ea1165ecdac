import { rmSync } from "node:fs";
import { App, TerraformDataSource, type TerraformResource, TerraformStack, Testing } from "cdktf";

/** One resource or data source as it appears in the synthesized Terraform JSON. */
export type Block = Record<string, unknown>;

/** The parts of a synthesized stack that the tests read. */
export interface TerraformJson {
  resource: Record<string, Record<string, Block>>;
  data: Record<string, Record<string, Block>>;
  locals: Record<string, unknown>;
  provider: Record<string, Block[]>;
  output: Record<string, Block>;
  terraform: Block;
}

/** An IAM statement of an `aws_iam_policy_document` data source. */
export interface PolicyStatement {
  sid?: string;
  effect?: string;
  actions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

/** Synthesizes a stack to Terraform JSON, without the cdktf metadata. */
export function synthesizeStack(stack: TerraformStack): TerraformJson {
  try {
    return {
      resource: {},
      data: {},
      locals: {},
      provider: {},
      output: {},
      terraform: {},
      ...JSON.parse(Testing.synth(stack)),
    };
  } finally {
    removeOutdir(stack);
  }
}

/** Builds constructs in an empty stack and synthesizes it. */
export function synthesizeScope<T>(build: (stack: TerraformStack) => T): {
  built: T;
  tf: TerraformJson;
} {
  const stack = new TerraformStack(Testing.app(), "test");
  try {
    const built = build(stack);
    return { built, tf: synthesizeStack(stack) };
  } finally {
    removeOutdir(stack);
  }
}

/** `Testing.app()` creates a temporary folder that `Testing.synth` never writes to. */
function removeOutdir(stack: TerraformStack): void {
  rmSync(App.of(stack).outdir, { recursive: true, force: true });
}

/** The synthesized block of a resource or data source. */
export function blockOf(
  tf: TerraformJson,
  element: TerraformResource | TerraformDataSource,
): Block {
  const section = element instanceof TerraformDataSource ? tf.data : tf.resource;
  const block = section[element.terraformResourceType]?.[element.friendlyUniqueId];
  if (!block) {
    throw new Error(`${element.node.path} is not in the synthesized stack`);
  }
  return block;
}

/** Every synthesized block of a resource type. */
export function blocksOfType(tf: TerraformJson, type: string): Block[] {
  return Object.values(tf.resource[type] ?? {});
}

/** The interpolation Terraform uses for an attribute, e.g. `${aws_s3_bucket.x.arn}`. */
export function reference(
  element: TerraformResource | TerraformDataSource,
  attribute: string,
): string {
  const prefix = element instanceof TerraformDataSource ? "data." : "";
  return `\${${prefix}${element.terraformResourceType}.${element.friendlyUniqueId}.${attribute}}`;
}

/** The statements behind a `policy` attribute that references an `aws_iam_policy_document`. */
export function policyStatements(tf: TerraformJson, policy: unknown): PolicyStatement[] {
  const name = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(policy))?.[1];
  const document = name ? tf.data.aws_iam_policy_document?.[name] : undefined;
  if (!document) {
    throw new Error(`${String(policy)} does not reference a synthesized policy document`);
  }
  return document.statement as PolicyStatement[];
}

/** The inline policies of a role, by name, as their statements. */
export function rolePolicies(
  role: Parameters<typeof reference>[0],
  tf: TerraformJson,
): Record<string, PolicyStatement[]> {
  const id = reference(role, "id");
  const policies = blocksOfType(tf, "aws_iam_role_policy").filter((policy) => policy.role === id);
  return Object.fromEntries(
    policies.map((policy) => [String(policy.name), policyStatements(tf, policy.policy)]),
  );
}
