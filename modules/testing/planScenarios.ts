import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanJson } from "../deploy/planJson.js";
import type { OfflineTerraform, StackSource } from "../terraform/offlineTerraform.js";
import {
  type ProviderSchemas,
  stateFromPlan,
  type TerraformState,
} from "../terraform/stateFromPlan.js";

const WHERE = { account: "123456789012", region: "eu-west-1" };
/** Plans against the state of a previous plan until nothing depends on a placeholder. */
const SETTLING_ROUNDS = 2;

/** Real plan JSON of one stack, from `terraform show -json` of plans made offline. */
export interface PlanScenarios {
  /** Nothing exists yet. */
  readonly firstDeploy: PlanJson;
  /** The deployed stack, with process-image's memory raised. */
  readonly inPlaceChange: PlanJson;
  /** The deployed stack, with the uploads bucket renamed (a new `bucket_prefix`). */
  readonly bucketReplacement: PlanJson;
  /** `plan -destroy` of the deployed stack. */
  readonly destroy: PlanJson;
  /** A prepared folder with the deployed state and the in-place change's saved plan. */
  readonly deployedDir: string;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/**
 * Plans a stack offline from nothing, turns that plan into the state an apply would
 * leave ({@link stateFromPlan}, settled by planning again), then plans three changes
 * against that state, side by side.
 */
export async function planScenarios(
  offline: OfflineTerraform,
  stack: StackSource,
): Promise<PlanScenarios> {
  const dir = await offline.prepare(stack);
  const firstDeploy = await offline.plan(dir, "first-deploy.tfplan");
  const schemas = JSON.parse(
    await offline.run(dir, ["providers", "schema", "-json"]),
  ) as ProviderSchemas;

  let plan = firstDeploy;
  let state: TerraformState | undefined;
  for (let round = 0; round < SETTLING_ROUNDS; round++) {
    state = stateFromPlan(plan, schemas, WHERE, state);
    writeFileSync(join(dir, "terraform.tfstate"), JSON.stringify(state));
    plan = await offline.plan(dir, `settle-${round}.tfplan`);
  }
  state = stateFromPlan(plan, schemas, WHERE, state);
  writeFileSync(join(dir, "terraform.tfstate"), JSON.stringify(state));

  const changed = (name: string, change: (resources: Resources) => void) => {
    const copy = offline.copy(dir, name);
    editStack(copy, change);
    return copy;
  };
  const inPlaceDir = changed("in-place", (resources) => {
    const fn = Object.values(resources.aws_lambda_function ?? {})[0];
    if (fn) fn.memory_size = 3008;
  });
  const replaceDir = changed("replace", (resources) => {
    const uploads = Object.values(resources.aws_s3_bucket ?? {}).find((bucket) =>
      String(bucket.bucket_prefix).includes("-uploads-"),
    );
    if (uploads)
      uploads.bucket_prefix = String(uploads.bucket_prefix).replace("-uploads-", "-originals-");
  });
  const destroyDir = offline.copy(dir, "destroy");
  const [inPlaceChange, bucketReplacement, destroy] = await Promise.all([
    offline.plan(inPlaceDir, "change.tfplan"),
    offline.plan(replaceDir, "change.tfplan"),
    offline.plan(destroyDir, "change.tfplan", ["-destroy"]),
  ]);
  return { firstDeploy, inPlaceChange, bucketReplacement, destroy, deployedDir: inPlaceDir };
}

function editStack(dir: string, change: (resources: Resources) => void): void {
  const file = join(dir, "cdk.tf.json");
  const stack = JSON.parse(readFileSync(file, "utf8")) as { resource: Resources };
  change(stack.resource);
  writeFileSync(file, JSON.stringify(stack));
}
