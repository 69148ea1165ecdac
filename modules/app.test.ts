import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployedConfigs, synthesizeAll } from "./app.js";

const projectDir = fileURLToPath(new URL("..", import.meta.url));
const configDir = join(projectDir, "config");
const stacks = ["imgpipe-dev", "imgpipe-prod"];

describe("deployedConfigs", () => {
  it("reads every environment config but the local cloud's", () => {
    const environments = deployedConfigs(configDir).map((config) => config.environment);

    expect(environments).toEqual(["dev", "prod"]);
  });
});

describe("synthesizeAll", () => {
  const workDir = mkdtempSync(join(tmpdir(), "imgpipe-synth-"));
  const outdir = join(workDir, "cdktf.out");
  let names: string[] = [];
  // Four archives of the process-image bundle are written, which takes a few seconds.
  beforeAll(() => {
    names = synthesizeAll({ configDir, outdir, stateDir: workDir });
  }, 60_000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("writes Terraform JSON and HCL for every deployed environment", () => {
    expect(names).toEqual(stacks);
    for (const stack of stacks) {
      const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
      const hcl = readFileSync(join(outdir, "hcl", "stacks", stack, "cdk.tf"), "utf8");
      expect(json.resource.aws_lambda_function).toBeDefined();
      expect(hcl).toMatch(/^terraform \{/);
      expect(hcl).toMatch(/^resource "aws_lambda_function" /m);
    }
  });

  it("renders the event pattern's bucket reference as HCL, not as quoted JSON", () => {
    const hcl = readFileSync(join(outdir, "hcl", "stacks", "imgpipe-dev", "cdk.tf"), "utf8");

    expect(hcl).toMatch(/event_pattern\s*=\s*"\$\{jsonencode\(local\.[\w-]+\)\}"/);
    expect(hcl).toMatch(
      /name\s*=\s*\[\s*"\$\{aws_s3_bucket\.storage_uploads_bucket_\w+\.bucket\}",?\s*\]/,
    );
    expect(hcl).not.toContain('"source":');
  });

  it("shares one state file between the JSON and the HCL rendering", () => {
    for (const stack of stacks) {
      const stateFiles = [join(outdir, "stacks", stack), join(outdir, "hcl", "stacks", stack)].map(
        (stackDir) => resolve(stackDir, backendPath(stackDir)),
      );

      expect(stateFiles).toEqual([
        join(workDir, `terraform.${stack}.tfstate`),
        join(workDir, `terraform.${stack}.tfstate`),
      ]);
    }
  });

  it("refers to the function archive by a relative path that exists", () => {
    for (const stackDir of stacks.map((stack) => join(outdir, "stacks", stack))) {
      const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
      const [fn] = Object.values<{ filename: string }>(json.resource.aws_lambda_function);

      expect(fn?.filename).toMatch(/^assets\//);
      expect(statSync(join(stackDir, fn?.filename ?? "")).size).toBeGreaterThan(0);
    }
  });

  it("writes no path of this machine into its output", () => {
    const machinePaths = [projectDir.replace(/\/$/, ""), workDir, tmpdir(), homedir()];

    const leaks = textFiles(outdir).filter((file) => {
      const text = readFileSync(file, "utf8");
      return machinePaths.some((path) => text.includes(path));
    });

    expect(textFiles(outdir).length).toBeGreaterThanOrEqual(stacks.length * 2);
    expect(leaks).toEqual([]);
  });
});

/** The local backend's path, read from the stack's JSON or HCL. */
function backendPath(stackDir: string): string {
  const jsonFile = join(stackDir, "cdk.tf.json");
  if (existsSync(jsonFile)) {
    return JSON.parse(readFileSync(jsonFile, "utf8")).terraform.backend.local.path;
  }
  const hcl = readFileSync(join(stackDir, "cdk.tf"), "utf8");
  return /backend "local" \{\npath = "([^"]+)"/.exec(hcl)?.[1] ?? "";
}

/** Every file under `dir` but the archives. */
function textFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((file) => join(dir, file))
    .filter((file) => statSync(file).isFile() && !file.endsWith(".zip"));
}
