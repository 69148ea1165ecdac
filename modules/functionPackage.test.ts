import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { archiveDirectory } from "./assets/directoryArchive.js";
import { FunctionPackage, type FunctionPackageProps } from "./functionPackage.js";
import {
  blockOf,
  blocksOfType,
  policyStatements,
  reference,
  synthesizeScope,
} from "./testing/terraformJson.js";

const props: FunctionPackageProps = {
  packageName: "@imgpipe/process-image",
  functionName: "imgpipe-test-process-image",
  memorySize: 1024,
  timeout: 30,
  environment: { IMGPIPE_IMAGES_TABLE: "images" },
  logRetentionInDays: 14,
};

function synthesizeFunction(overrides: Partial<FunctionPackageProps> = {}) {
  const { built: fn, tf } = synthesizeScope(
    (stack) => new FunctionPackage(stack, "fn", { ...props, ...overrides }),
  );
  return { fn, tf };
}

describe("FunctionPackage", () => {
  it("runs the package's bundle on Node.js 22, arm64, with the given settings", () => {
    const { fn, tf } = synthesizeFunction();

    const lambda = blockOf(tf, fn.fn);

    expect(lambda).toMatchObject({
      function_name: "imgpipe-test-process-image",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 1024,
      timeout: 30,
      environment: { variables: { IMGPIPE_IMAGES_TABLE: "images" } },
      role: reference(fn.role, "arn"),
    });
    expect(lambda.layers).toBeUndefined();
  });

  it("ships the bundle as an archive under a relative, content-addressed path", () => {
    const { fn, tf } = synthesizeFunction();

    const lambda = blockOf(tf, fn.fn);

    expect(lambda.filename).toMatch(/^assets\/[^/]+\/[0-9A-F]{32}\/archive\.zip$/);
    expect(isAbsolute(String(lambda.filename))).toBe(false);
    expect(String(lambda.filename)).toContain(String(lambda.source_code_hash));
  });

  describe("process-image's HEIC decoder", () => {
    const manifest = createRequire(import.meta.url).resolve("@imgpipe/process-image/package.json");
    const entries = () =>
      unzipSync(readFileSync(archiveDirectory(join(dirname(manifest), "dist")).path));
    // libheif's WebAssembly is embedded as base64: "AGFzbQ" encodes its "\0asm" magic.
    const decoderIn = (files: Record<string, Uint8Array>) =>
      Object.keys(files).find(
        (name) =>
          name.endsWith(".mjs") && strFromU8(files[name] ?? new Uint8Array()).includes("AGFzbQ"),
      );

    it("ships in the package, in a chunk that only a HEIC upload loads", () => {
      const files = entries();

      const decoder = decoderIn(files);

      const index = strFromU8(files["index.mjs"] ?? new Uint8Array());
      expect(decoder).toMatch(/^chunks\/.+\.mjs$/);
      expect(index).not.toContain("AGFzbQ");
      expect(index).toContain(`import("./${decoder}")`);
      expect(index).not.toContain(`from"./${decoder}"`);
    });

    it("loads from the unpacked package in a plain ES module process, as Lambda imports it", () => {
      const files = entries();
      const root = mkdtempSync(join(tmpdir(), "imgpipe-package-"));
      try {
        for (const [name, data] of Object.entries(files)) {
          mkdirSync(dirname(join(root, name)), { recursive: true });
          writeFileSync(join(root, name), data);
        }
        const chunk = pathToFileURL(join(root, decoderIn(files) ?? "missing")).href;

        const probe = spawnSync(
          process.execPath,
          [
            "--input-type=module",
            "-e",
            `const { default: libheif } = await import(${JSON.stringify(chunk)});
             process.stdout.write(typeof libheif.heif_context_alloc);`,
          ],
          { cwd: root, encoding: "utf8", timeout: 120_000 },
        );

        // The end of stderr names the error; its start is a line of minified code.
        expect(probe.status, probe.stderr.slice(-400)).toBe(0);
        expect(probe.stdout).toBe("function");
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }, 150_000);
  });

  it("adds the given layers", () => {
    const layer = "arn:aws:lambda:eu-west-1:123456789012:layer:sharp:1";
    const { fn, tf } = synthesizeFunction({ layers: [layer] });

    expect(blockOf(tf, fn.fn).layers).toEqual([layer]);
  });

  it("logs to its own log group, kept for the given number of days", () => {
    const { fn, tf } = synthesizeFunction();

    const logGroup = blockOf(tf, fn.logGroup);
    const lambda = blockOf(tf, fn.fn);

    expect(logGroup).toEqual({
      name: "/aws/lambda/imgpipe-test-process-image",
      retention_in_days: 14,
    });
    expect(lambda.logging_config).toEqual({
      log_format: "Text",
      log_group: reference(fn.logGroup, "name"),
    });
  });

  it("gives its role to Lambda only", () => {
    const { fn, tf } = synthesizeFunction();

    const role = blockOf(tf, fn.role);

    expect(policyStatements(tf, role.assume_role_policy)).toEqual([
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
      },
    ]);
    expect(role.managed_policy_arns).toBeUndefined();
    expect(blocksOfType(tf, "aws_iam_role_policy_attachment")).toEqual([]);
  });

  it("lets its role write to its own log group and nothing else", () => {
    const { fn, tf } = synthesizeFunction();

    const policies = blocksOfType(tf, "aws_iam_role_policy");

    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({ name: "write-logs", role: reference(fn.role, "id") });
    expect(policyStatements(tf, policies[0]?.policy)).toEqual([
      {
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [`${reference(fn.logGroup, "arn")}:*`],
      },
    ]);
  });

  it("attaches an inline policy of exactly the given statements to its role", () => {
    const statement = { actions: ["sns:Publish"], resources: ["arn:aws:sns:eu-west-1:1:t"] };
    const { built, tf } = synthesizeScope((stack) => {
      const fn = new FunctionPackage(stack, "fn", props);
      return { fn, policy: fn.attachInlinePolicy("publish", [statement]) };
    });

    const policy = blockOf(tf, built.policy);

    expect(policy).toMatchObject({ name: "publish", role: reference(built.fn.role, "id") });
    expect(policyStatements(tf, policy.policy)).toEqual([statement]);
  });
});
