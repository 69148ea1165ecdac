// npm run plan-summary -- <stack> <plan.json> [plan.txt]
// Prints the pull-request comment of a plan saved with `terraform show -json`.
import { readFileSync } from "node:fs";
import type { PlanJson } from "./planJson.js";
import { renderPlanComment, summarizePlan } from "./planSummary.js";

const [stack, jsonFile, textFile] = process.argv.slice(2);
if (!stack || !jsonFile) {
  console.error("Usage: npm run plan-summary -- <stack> <plan.json> [plan.txt]");
  process.exit(2);
}
const plan = JSON.parse(readFileSync(jsonFile, "utf8")) as PlanJson;
const planText = textFile ? readFileSync(textFile, "utf8") : undefined;
process.stdout.write(
  renderPlanComment(summarizePlan(stack, plan), planText === undefined ? {} : { planText }),
);
