import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployedConfigs, synthesizeAll } from "./app.js";
import { CONFIG_VARIANTS } from "./testing/allStacks.js";

const projectDir = fileURLToPath(new URL("..", import.meta.url));
const configDir = join(projectDir, "config");
const stacks = ["imgpipe-bootstrap", "imgpipe-dev", "imgpipe-prod"];
const terraformOnPath = (process.env.PATH ?? "")
  .split(delimiter)
  .some((dir) => dir !== "" && existsSync(join(dir, "terraform")));

describe("deployedConfigs", () => {
  it("reads every environment config but the local cloud's and the bootstrap settings", () => {
    const environments = deployedConfigs(configDir).map((config) => config.environment);

    expect(environments).toEqual(["dev", "prod"]);
  });
});

describe("synthesizeAll", () => {
  const workDir = mkdtempSync(join(tmpdir(), "imgpipe-synth-"));
  const outdir = join(workDir, "cdktf.out");
  const hclFile = (stack: string) => join(outdir, "hcl", "stacks", stack, "cdk.tf");
  const jsonOf = (stack: string) =>
    JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
  let names: string[] = [];
  // Archives of the process-image bundle are written for each stack and rendering.
  beforeAll(async () => {
    names = await synthesizeAll({ configDir, outdir, stateDir: workDir });
  }, 60_000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("writes Terraform JSON and HCL for the bootstrap stack and every environment", () => {
    expect(names).toEqual(stacks);
    for (const stack of stacks) {
      expect(jsonOf(stack).resource).toBeDefined();
      expect(readFileSync(hclFile(stack), "utf8")).toMatch(/^terraform \{/);
    }
  });

  it.each(stacks)(
    "writes HCL for %s that cdktf's HCL parser reads as the JSON's resources",
    async (stack) => {
      const parsed = await parse("cdk.tf", readFileSync(hclFile(stack), "utf8"));

      const hclResources = Object.fromEntries(
        Object.entries(parsed.resource ?? {}).map(([type, blocks]) => [
          type,
          Object.keys(blocks as object).sort(),
        ]),
      );
      const jsonResources = Object.fromEntries(
        Object.entries(jsonOf(stack).resource).map(([type, blocks]) => [
          type,
          Object.keys(blocks as object).sort(),
        ]),
      );
      expect(hclResources).toEqual(jsonResources);
    },
  );

  it.runIf(terraformOnPath)("writes HCL that terraform fmt leaves as it is", () => {
    const check = () =>
      execFileSync("terraform", ["fmt", "-check", "-recursive", join(outdir, "hcl")], {
        stdio: "pipe",
      });

    expect(check).not.toThrow();
  });

  it("renders the event pattern's bucket reference as HCL, not as quoted JSON", () => {
    const hcl = readFileSync(hclFile("imgpipe-dev"), "utf8");

    expect(hcl).toMatch(/event_pattern\s*=\s*jsonencode\(local\.[\w-]+\)/);
    expect(hcl).toMatch(
      /name\s*=\s*\[\s*"\$\{aws_s3_bucket\.storage_uploads_bucket_\w+\.bucket\}",?\s*\]/,
    );
    expect(hcl).not.toContain('"source":');
  });

  it("names depends_on targets bare in HCL, not as deprecated quoted strings", () => {
    const hcl = readFileSync(hclFile("imgpipe-dev"), "utf8");

    expect(hcl).toMatch(/depends_on = \[\n\s+aws_iam_role_policy\.[\w-]+,\n\s+\]/);
    expect(hcl).not.toMatch(/depends_on = \[\n\s+"/);
  });

  it("keeps the bootstrap stack's local state in one file for both renderings", () => {
    const stateFiles = [join(outdir, "stacks"), join(outdir, "hcl", "stacks")].map((dir) =>
      resolve(join(dir, "imgpipe-bootstrap"), backendPath(join(dir, "imgpipe-bootstrap"))),
    );

    expect(stateFiles).toEqual([
      join(workDir, "terraform.imgpipe-bootstrap.tfstate"),
      join(workDir, "terraform.imgpipe-bootstrap.tfstate"),
    ]);
  });

  it("keeps every environment's state in the state bucket, under its own key", () => {
    const keys = ["imgpipe-dev", "imgpipe-prod"].map((stack) => jsonOf(stack).terraform.backend.s3);

    expect(keys.map((backend) => backend.key)).toEqual([
      "imgpipe/dev/terraform.tfstate",
      "imgpipe/prod/terraform.tfstate",
    ]);
    expect(new Set(keys.map((backend) => backend.bucket)).size).toBe(1);
    expect(keys.every((backend) => backend.use_lockfile === true)).toBe(true);
  });

  it("refers to the function and layer archives by relative paths that exist", () => {
    for (const stack of ["imgpipe-dev", "imgpipe-prod"]) {
      const stackDir = join(outdir, "stacks", stack);
      const json = jsonOf(stack);
      const files = [
        ...Object.values<{ filename: string }>(json.resource.aws_lambda_function),
        ...Object.values<{ filename: string }>(json.resource.aws_lambda_layer_version),
      ].map((block) => block.filename);

      expect(files).toHaveLength(3);
      for (const file of files) {
        expect(file).toMatch(/^assets\//);
        expect(statSync(join(stackDir, file)).size).toBeGreaterThan(0);
      }
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
  return /backend "local" \{\n\s*path = "([^"]+)"/.exec(hcl)?.[1] ?? "";
}

/** Every file under `dir` but the archives. */
function textFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((file) => join(dir, file))
    .filter((file) => statSync(file).isFile() && !file.endsWith(".zip"));
}

describe("synthesizeAll, with every switch on and off", () => {
  const workDir = mkdtempSync(join(tmpdir(), "imgpipe-synth-variants-"));
  const variantConfigDir = join(workDir, "config");
  const outdir = join(workDir, "cdktf.out");
  let names: string[] = [];
  beforeAll(async () => {
    mkdirSync(variantConfigDir);
    copyFileSync(join(configDir, "bootstrap.json"), join(variantConfigDir, "bootstrap.json"));
    for (const [name, config] of Object.entries(CONFIG_VARIANTS)) {
      writeFileSync(join(variantConfigDir, `${name}.json`), JSON.stringify(config));
    }
    names = await synthesizeAll({ configDir: variantConfigDir, outdir, stateDir: workDir });
  }, 60_000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("writes HCL that cdktf's HCL parser reads, for custom domains, webhooks and OIDC too", async () => {
    expect(names.length).toBe(Object.keys(CONFIG_VARIANTS).length + 1);
    for (const stack of names) {
      const hcl = readFileSync(join(outdir, "hcl", "stacks", stack, "cdk.tf"), "utf8");
      const parsed = await parse("cdk.tf", hcl);
      expect(Object.keys(parsed.resource ?? {}).length).toBeGreaterThan(0);
    }
  });

  it("names the us-east-1 provider bare in HCL", () => {
    const hcl = readFileSync(join(outdir, "hcl", "stacks", "imgpipe-full", "cdk.tf"), "utf8");

    expect(hcl).toMatch(/provider\s+= aws\.us_east_1\n/);
    expect(hcl).not.toContain('"aws.us_east_1"');
  });

  it.runIf(terraformOnPath)("writes HCL that terraform fmt leaves as it is", () => {
    const check = () =>
      execFileSync("terraform", ["fmt", "-check", "-recursive", join(outdir, "hcl")], {
        stdio: "pipe",
      });

    expect(check).not.toThrow();
  });
});
