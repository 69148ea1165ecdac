import type { PlanJson, ResourceChange } from "./planJson.js";

/** What a plan does to one resource, in the words of `terraform plan`'s totals. */
export type PlannedAction = "add" | "change" | "replace" | "destroy";

/** Resource types whose replacement or destruction loses what users stored. */
export const DATA_HOLDING_TYPES: Readonly<Record<string, string>> = {
  aws_s3_bucket: "S3 bucket",
  aws_dynamodb_table: "DynamoDB table",
  aws_cognito_user_pool: "Cognito user pool",
};

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly action: PlannedAction;
  /** Set when the resource holds data and the plan replaces or destroys it. */
  readonly losesData: boolean;
  /** The attributes that force a replacement, e.g. `bucket_prefix`. */
  readonly forcedBy: readonly string[];
}

export interface PlanSummary {
  readonly stack: string;
  readonly counts: Readonly<Record<PlannedAction, number>>;
  readonly changes: readonly PlannedChange[];
}

/**
 * What a saved plan does, per managed resource (reads of data sources and no-ops left out).
 *
 * @example
 * summarizePlan("imgpipe-dev", JSON.parse(execSync("terraform show -json tfplan", { encoding: "utf8" })));
 * // { stack: "imgpipe-dev", counts: { add: 0, change: 1, replace: 0, destroy: 0 }, changes: [...] }
 */
export function summarizePlan(stack: string, plan: PlanJson): PlanSummary {
  const changes = (plan.resource_changes ?? []).flatMap((change): PlannedChange[] => {
    const action = change.mode === "managed" ? plannedAction(change) : undefined;
    if (!action) return [];
    return [
      {
        address: change.address,
        type: change.type,
        action,
        losesData:
          (action === "replace" || action === "destroy") && change.type in DATA_HOLDING_TYPES,
        forcedBy: (change.change.replace_paths ?? []).map((path) => path.join(".")),
      },
    ];
  });
  const counts = { add: 0, change: 0, replace: 0, destroy: 0 };
  for (const change of changes) counts[change.action]++;
  return { stack, counts, changes };
}

function plannedAction({ change }: ResourceChange): PlannedAction | undefined {
  const actions = change.actions;
  if (actions.includes("create") && actions.includes("delete")) return "replace";
  if (actions.includes("create")) return "add";
  if (actions.includes("update")) return "change";
  if (actions.includes("delete")) return "destroy";
  return undefined;
}

/** The hidden marker that lets the workflow find and update its own comment for a stack. */
export function planCommentMarker(stack: string): string {
  return `<!-- imgpipe-plan:${stack} -->`;
}

/** GitHub refuses comments longer than 65,536 characters. */
const COMMENT_LIMIT = 65_000;
const TABLE_ROWS = 200;
const ORDER: readonly PlannedAction[] = ["destroy", "replace", "change", "add"];

/**
 * The pull-request comment of one stack's plan: the marker, the totals, a warning at
 * the top for every resource holding data that the plan replaces or destroys, a table
 * of the changed resources, and `terraform show`'s text folded below (cut to fit).
 *
 * @example
 * renderPlanComment(summarizePlan("imgpipe-dev", plan), { planText, commit: "4f2a9c1" });
 */
export function renderPlanComment(
  summary: PlanSummary,
  options: { readonly planText?: string; readonly commit?: string } = {},
): string {
  const { stack, counts, changes } = summary;
  const lines = [
    planCommentMarker(stack),
    `### Terraform plan: \`${stack}\`${options.commit ? ` at ${options.commit}` : ""}`,
    "",
    changes.length === 0
      ? "**No changes.** The infrastructure matches the configuration."
      : `**${counts.add} to add, ${counts.change} to change, ${counts.replace} to replace, ${counts.destroy} to destroy.**`,
    "",
  ];
  const losses = changes.filter((change) => change.losesData);
  if (losses.length > 0) {
    lines.push("> [!CAUTION]", "> This plan deletes resources that hold data:");
    for (const loss of sortChanges(losses)) {
      const because =
        loss.forcedBy.length > 0 ? ` (forced by ${loss.forcedBy.map(code).join(", ")})` : "";
      lines.push(
        `> - ${DATA_HOLDING_TYPES[loss.type]} ${code(loss.address)} is **${pastTense(loss.action)}**${because}`,
      );
    }
    lines.push("");
  }
  if (changes.length > 0) {
    lines.push("| | Action | Resource |", "| --- | --- | --- |");
    const sorted = sortChanges(changes);
    for (const change of sorted.slice(0, TABLE_ROWS)) {
      lines.push(`| ${change.losesData ? "⚠️" : ""} | ${change.action} | ${code(change.address)} |`);
    }
    if (sorted.length > TABLE_ROWS)
      lines.push("", `…and ${sorted.length - TABLE_ROWS} more (see the full plan).`);
    lines.push("");
  }
  const head = lines.join("\n");
  if (options.planText === undefined) return head;
  const fence = "```";
  const open = `<details><summary>Full plan</summary>\n\n${fence}text\n`;
  const close = `\n${fence}\n</details>\n`;
  const room = COMMENT_LIMIT - head.length - open.length - close.length - 100;
  const text =
    options.planText.length <= room
      ? options.planText
      : `${options.planText.slice(0, room)}\n… (cut to fit a comment; the whole plan is in the job log)`;
  return `${head}\n${open}${text.replaceAll(fence, "`\u200b``")}${close}`;
}

function sortChanges(changes: readonly PlannedChange[]): PlannedChange[] {
  return [...changes].sort(
    (a, b) =>
      Number(b.losesData) - Number(a.losesData) ||
      ORDER.indexOf(a.action) - ORDER.indexOf(b.action) ||
      a.address.localeCompare(b.address),
  );
}

const pastTense = (action: PlannedAction) =>
  ({ add: "added", change: "changed", replace: "replaced", destroy: "destroyed" })[action];

const code = (text: string) => `\`${text}\``;
