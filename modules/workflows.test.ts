import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ciRoleName } from "./bootstrapStack.js";

const workflow = (name: string) =>
  readFileSync(new URL(`../.github/workflows/${name}.yml`, import.meta.url), "utf8");
const PROJECT = "${{ needs.stacks.outputs.project }}";

describe.each(["plan", "apply"])("the %s workflow", (name) => {
  const text = workflow(name);

  it("pins every action to a full commit SHA, with its version beside it", () => {
    const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)].map(([, action, rest]) => ({
      action,
      rest,
    }));

    expect(uses.length).toBeGreaterThan(0);
    for (const { action, rest } of uses) {
      expect(action).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it("assumes its own role of the bootstrap stack through OIDC, with no stored key", () => {
    const role = ciRoleName(PROJECT, name as "plan" | "apply");

    expect(text).toContain(`:role/${role}`);
    expect(text).toContain("id-token: write");
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
  });

  it("synthesizes the stacks before Terraform reads them", () => {
    expect(text.indexOf("npm run synth")).toBeGreaterThan(0);
    expect(text.indexOf("npm run synth")).toBeLessThan(text.indexOf("terraform init"));
  });
});

describe("the plan workflow", () => {
  const text = workflow("plan");

  it("runs on pull requests, plans without taking the lock, and comments the plan", () => {
    expect(text).toMatch(/^on:\n {2}pull_request:/m);
    expect(text).toContain("terraform plan -input=false -lock=false");
    expect(text).toContain("github.rest.issues.createComment");
    expect(text).not.toContain("terraform apply");
  });
});

describe("the apply workflow", () => {
  const text = workflow("apply");

  it("runs on main, one environment at a time, each in its protected GitHub environment", () => {
    expect(text).toMatch(/^on:\n {2}push:\n {4}branches: \[main\]/m);
    expect(text).toContain("max-parallel: 1");
    expect(text).toContain("environment: ${{ matrix.environment }}");
    expect(text).toContain("cancel-in-progress: false");
  });
});
