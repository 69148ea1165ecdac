// npm run deploy -- <environment> [--plan-only | --apply-saved] [--no-synth] [--auto-approve] [--no-lock]
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DeployError, deploy } from "./deploy.js";

const USAGE = `Usage: npm run deploy -- <environment> [options]

  <environment>    dev, prod, … (config/<environment>.json), or bootstrap

  --plan-only      synthesize, init and save the plan (tfplan, plan.json, plan.txt, plan.md
                   in cdktf.out/stacks/<stack>/), then stop
  --apply-saved    init and apply the plan saved there by --plan-only, exactly
  --no-synth       use what cdktf.out already holds
  --auto-approve   apply without asking
  --no-lock        plan without taking the state lock (read-only roles)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "plan-only": { type: "boolean", default: false },
    "apply-saved": { type: "boolean", default: false },
    "no-synth": { type: "boolean", default: false },
    "auto-approve": { type: "boolean", default: false },
    "no-lock": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

const [environment, ...extra] = positionals;
if (
  values.help ||
  !environment ||
  extra.length > 0 ||
  (values["plan-only"] && values["apply-saved"])
) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

try {
  await deploy(fileURLToPath(new URL("../..", import.meta.url)), {
    environment,
    planOnly: values["plan-only"],
    applySaved: values["apply-saved"],
    synth: !values["no-synth"],
    autoApprove: values["auto-approve"],
    lock: !values["no-lock"],
  });
} catch (error) {
  if (!(error instanceof DeployError || (error as Error).name === "TerraformCommandError"))
    throw error;
  console.error(`\n${(error as Error).message}`);
  process.exit(1);
}
