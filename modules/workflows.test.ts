import { readdirSync, readFileSync } from "node:fs";
import { validateWorkflow } from "@action-validator/core";
import { applyRoleName, planRoleName } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PLAN_FILES } from "./deploy/deploy.js";

const workflowsDir = new URL("../.github/workflows/", import.meta.url);
const rootScripts = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;
const PROJECT = "${{ needs.synth.outputs.project }}";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  "timeout-minutes"?: number;
  environment?: string;
  strategy?: { "max-parallel"?: number };
  steps: Step[];
}
interface Workflow {
  on: Record<string, { paths?: string[] } | null>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const files = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
const textOf = (file: string) => readFileSync(new URL(file, workflowsDir), "utf8");
const workflowOf = (file: string) => parse(textOf(file)) as Workflow;
const stepsOf = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

describe.each(files)("the workflow %s", (file) => {
  const text = textOf(file);
  const workflow = workflowOf(file);

  it("is valid against GitHub's workflow schema", () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it("pins every action to a full commit SHA, with its version beside it", () => {
    const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)];

    expect(uses.length).toBeGreaterThan(0);
    for (const [, action, rest] of uses) {
      expect(action).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it("grants nothing by default and gives every job its own permissions and a timeout", () => {
    expect(workflow.permissions).toEqual({});
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job.permissions, name).toBeDefined();
      expect(job["timeout-minutes"], name).toBeGreaterThan(0);
    }
  });

  it("runs only for changes to what is deployed", () => {
    const paths = Object.values(workflow.on).flatMap((trigger) => trigger?.paths ?? []);

    expect(paths).toEqual(expect.arrayContaining(["config/**", "modules/**", "package-lock.json"]));
    expect(paths.some((path) => path === "**" || path.endsWith(".md"))).toBe(false);
  });

  it("installs exactly the lockfile with Node 22, and calls only npm scripts that exist", () => {
    const runs = stepsOf(workflow).flatMap((step) => (step.run ? [step.run] : []));
    const nodeVersions = stepsOf(workflow)
      .filter((step) => step.uses?.startsWith("actions/setup-node@"))
      .map((step) => step.with?.["node-version"]);
    const scripts = runs.flatMap((run) => [...run.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));

    expect(runs.some((run) => /npm (install|i)\b/.test(run))).toBe(false);
    expect(runs.filter((run) => run.startsWith("npm ci")).length).toBe(nodeVersions.length);
    expect(new Set(nodeVersions)).toEqual(new Set([22]));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(Object.keys(rootScripts)).toContain(script);
  });

  it("assumes its roles through OIDC, with no stored key", () => {
    expect(text).toContain("id-token: write");
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
  });
});

describe("the plan workflow", () => {
  const workflow = workflowOf("plan.yml");
  const text = textOf("plan.yml");

  it("plans pull requests with the plan role, without the lock, and never applies", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(text).toContain(`:role/${planRoleName(PROJECT)}\n`);
    expect(text).toContain("--plan-only --no-synth --no-lock");
    expect(text).not.toMatch(/apply/);
  });

  it("updates its own comment per stack, found by the summary's hidden marker", () => {
    expect(text).toContain(`/${PLAN_FILES.summary}`);
    expect(text).toContain("comment.body?.startsWith(marker)");
    expect(text).toContain("github.rest.issues.updateComment");
  });
});

describe("the apply workflow", () => {
  const workflow = workflowOf("apply.yml");
  const text = textOf("apply.yml");
  const { synth, plan, apply } = workflow.jobs;
  const runs = (job: Job | undefined) => job?.steps.flatMap((step) => (step.run ? [step.run] : []));

  it("synthesizes once and plans every environment from that one artifact", () => {
    expect(runs(synth)).toContain("npm run synth");
    expect(runs(plan)?.some((run) => run.includes("--plan-only --no-synth"))).toBe(true);
    expect(runs(plan)?.some((run) => run.includes("synth") && !run.includes("--no-synth"))).toBe(
      false,
    );
  });

  it("applies exactly the saved plan, one environment at a time, in its protected GitHub environment", () => {
    const uploaded = plan?.steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    const downloaded = apply?.steps.find((step) =>
      step.uses?.startsWith("actions/download-artifact@"),
    );

    expect(runs(apply)).toEqual([
      "npm ci --no-audit --no-fund",
      "npm run deploy -- ${{ matrix.environment }} --apply-saved --auto-approve",
    ]);
    expect(downloaded?.with?.name).toBe(uploaded?.with?.name);
    expect(apply?.environment).toBe("${{ matrix.environment }}");
    expect(apply?.strategy?.["max-parallel"]).toBe(1);
    expect(text).toContain("cancel-in-progress: false");
  });

  it("assumes the environment's own apply role, and the plan role to plan", () => {
    expect(text).toContain(`:role/${applyRoleName(PROJECT, "${{ matrix.environment }}")}\n`);
    expect(text).toContain(`:role/${planRoleName(PROJECT)}\n`);
  });
});
