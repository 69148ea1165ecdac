import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { synthesizeAll } from "../app.js";
import { OfflineTerraform } from "../terraform/offlineTerraform.js";
import { findProviderMirror } from "../terraform/providerMirror.js";
import { type PlanScenarios, planScenarios } from "../testing/planScenarios.js";
import { planCommentMarker, renderPlanComment, summarizePlan } from "./planSummary.js";

const mirror = findProviderMirror();
const STACK = "imgpipe-dev";

// offlinePlan.test.ts says loudly when there is no mirror; these need one too.
describe.skipIf(!mirror)("the plan summary of real plans of imgpipe-dev, made offline", () => {
  let plans: PlanScenarios;
  let offline: OfflineTerraform;

  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), "imgpipe-plan-scenarios-"));
    await synthesizeAll({
      configDir: fileURLToPath(new URL("../../config", import.meta.url)),
      outdir: join(work, "cdktf.out"),
      stateDir: work,
    });
    offline = OfflineTerraform.create(mirror as NonNullable<typeof mirror>);
    plans = await planScenarios(offline, {
      name: STACK,
      dir: join(work, "cdktf.out", "stacks", STACK),
    });
  });

  it("counts a first deploy as all adds, with nothing flagged", () => {
    const summary = summarizePlan(STACK, plans.firstDeploy);

    expect(summary.counts.add).toBeGreaterThan(40);
    expect(summary.counts).toMatchObject({ change: 0, replace: 0, destroy: 0 });
    expect(summary.changes.some((change) => change.losesData)).toBe(false);
    expect(renderPlanComment(summary)).not.toContain("[!CAUTION]");
  });

  it("shows an in-place change as exactly one change of the function", () => {
    const summary = summarizePlan(STACK, plans.inPlaceChange);

    expect(summary.counts).toEqual({ add: 0, change: 1, replace: 0, destroy: 0 });
    expect(summary.changes).toEqual([
      expect.objectContaining({ type: "aws_lambda_function", action: "change", losesData: false }),
    ]);
  });

  it("flags the replaced uploads bucket at the top, with the attribute that forces it", () => {
    const summary = summarizePlan(STACK, plans.bucketReplacement);
    const comment = renderPlanComment(summary, { planText: "…", commit: "4f2a9c1" });

    const bucket = summary.changes.find((change) => change.type === "aws_s3_bucket");
    expect(bucket).toMatchObject({
      action: "replace",
      losesData: true,
      forcedBy: ["bucket_prefix"],
    });
    expect(summary.counts.replace).toBeGreaterThanOrEqual(1);
    expect(comment.startsWith(planCommentMarker(STACK))).toBe(true);
    const caution = comment.indexOf("[!CAUTION]");
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(comment.indexOf("| --- |"));
    expect(comment).toContain(
      `S3 bucket \`${bucket?.address}\` is **replaced** (forced by \`bucket_prefix\`)`,
    );
  });

  it("flags every bucket, the table and the user pool when the stack is destroyed", () => {
    const summary = summarizePlan(STACK, plans.destroy);

    expect(summary.counts.destroy).toBe(summarizePlan(STACK, plans.firstDeploy).counts.add);
    const flagged = summary.changes
      .filter((change) => change.losesData)
      .map((change) => change.type);
    expect(flagged.sort()).toEqual([
      "aws_cognito_user_pool",
      "aws_dynamodb_table",
      "aws_s3_bucket",
      "aws_s3_bucket",
      "aws_s3_bucket",
    ]);
  });

  it("refuses to apply a saved plan once the state has moved", async () => {
    const stateFile = join(plans.deployedDir, "terraform.tfstate");
    const state = JSON.parse(readFileSync(stateFile, "utf8")) as { serial: number };
    writeFileSync(stateFile, JSON.stringify({ ...state, serial: state.serial + 1 }));

    await expect(
      offline.run(plans.deployedDir, ["apply", "-input=false", "-no-color", "change.tfplan"]),
    ).rejects.toThrow(/Saved plan is stale/);
  }, 600_000);
});
