import { describe, expect, it } from "vitest";
import type { PlanJson, ResourceChange } from "./planJson.js";
import { planCommentMarker, renderPlanComment, summarizePlan } from "./planSummary.js";

/** A resource change as `terraform show -json` writes it (only what the summary reads). */
function change(
  address: string,
  actions: ResourceChange["change"]["actions"],
  extra: Partial<ResourceChange> = {},
): ResourceChange {
  const [type = "", name = ""] = address.split(".");
  return {
    address,
    mode: "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions },
    ...extra,
  };
}

const plan = (changes: ResourceChange[]): PlanJson => ({
  format_version: "1.2",
  terraform_version: "1.11.4",
  resource_changes: changes,
});

describe("summarizePlan", () => {
  it("counts adds, changes, replacements and destroys, leaving out no-ops and reads", () => {
    const summary = summarizePlan(
      "imgpipe-dev",
      plan([
        change("aws_sqs_queue.a", ["create"]),
        change("aws_sqs_queue.b", ["update"]),
        change("aws_lambda_function.c", ["delete", "create"]),
        change("aws_sns_topic.d", ["create", "delete"]),
        change("aws_sns_topic.e", ["delete"]),
        change("aws_sns_topic.f", ["no-op"]),
        change("aws_iam_policy_document.g", ["read"], { mode: "data" }),
      ]),
    );

    expect(summary.counts).toEqual({ add: 1, change: 1, replace: 2, destroy: 1 });
    expect(summary.changes.map((c) => c.address)).not.toContain("aws_sns_topic.f");
  });

  it("marks only replaced or destroyed buckets, tables and user pools as losing data", () => {
    const summary = summarizePlan(
      "imgpipe-bootstrap",
      plan([
        change("aws_s3_bucket.state", ["delete", "create"], {
          change: { actions: ["delete", "create"], replace_paths: [["bucket"]] },
        }),
        change("aws_dynamodb_table.images", ["update"]),
        change("aws_cognito_user_pool.users", ["delete"]),
        change("aws_sqs_queue.dead_letters", ["delete"]),
      ]),
    );

    expect(summary.changes.filter((c) => c.losesData).map((c) => c.address)).toEqual([
      "aws_s3_bucket.state",
      "aws_cognito_user_pool.users",
    ]);
    expect(summary.changes[0]?.forcedBy).toEqual(["bucket"]);
  });
});

describe("renderPlanComment", () => {
  it("starts with the stack's hidden marker and says so when nothing changes", () => {
    const comment = renderPlanComment(summarizePlan("imgpipe-prod", plan([])));

    expect(comment.split("\n")[0]).toBe(planCommentMarker("imgpipe-prod"));
    expect(planCommentMarker("imgpipe-prod")).toMatch(/^<!-- .* -->$/);
    expect(comment).toContain("**No changes.**");
    expect(comment).not.toContain("| Action |");
  });

  it("puts data losses first in the table and folds the full plan below it", () => {
    const comment = renderPlanComment(
      summarizePlan(
        "imgpipe-dev",
        plan([change("aws_sqs_queue.a", ["create"]), change("aws_s3_bucket.uploads", ["delete"])]),
      ),
      { planText: "Terraform will perform the following actions:", commit: "4f2a9c1" },
    );

    const rows = comment
      .split("\n")
      .filter((line) => line.startsWith("| ") && !line.includes("---"));
    expect(rows.slice(1)).toEqual([
      "| ⚠️ | destroy | `aws_s3_bucket.uploads` |",
      "|  | add | `aws_sqs_queue.a` |",
    ]);
    expect(comment).toContain("`imgpipe-dev` at 4f2a9c1");
    expect(comment).toContain("<details><summary>Full plan</summary>");
    expect(comment.indexOf("[!CAUTION]")).toBeLessThan(comment.indexOf("<details>"));
  });

  it("cuts a huge plan to fit a GitHub comment, and keeps code fences from closing early", () => {
    const comment = renderPlanComment(summarizePlan("imgpipe-dev", plan([])), {
      planText: `\`\`\`\n${"x".repeat(200_000)}`,
    });

    expect(comment.length).toBeLessThanOrEqual(65_536);
    expect(comment).toContain("cut to fit a comment");
    expect(comment.match(/^```/gm)).toHaveLength(2);
  });
});
