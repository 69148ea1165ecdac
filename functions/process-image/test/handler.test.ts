import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parsePipelineConfig, processImageEnvironment } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { chunkNamed, coldStartFiles } from "../../core/test/bundleFiles.js";

const bundle = fileURLToPath(new URL("../dist/index.mjs", import.meta.url));

/** Loads the built bundle in a fresh Node process, as a Lambda cold start does. */
async function coldStart(env: Record<string, string>) {
  const script = `await import(${JSON.stringify(bundle)}); console.log("ready");`;
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", script],
      { env: { PATH: process.env.PATH ?? "", ...env } },
    );
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr) };
  }
}

describe("the process-image bundle", () => {
  it("fails at cold start, naming each bad variable, when its environment is incomplete", async () => {
    const result = await coldStart({ IMGPIPE_VARIANTS: "not json" });

    expect(result.ok).toBe(false);
    expect(result.output).toContain("Invalid process-image environment");
    expect(result.output).toContain("IMGPIPE_PROCESSED_BUCKET");
    expect(result.output).toContain("IMGPIPE_VARIANTS");
    expect(result.output).toContain("must be JSON");
  });

  it("starts with the environment the infrastructure gives it", async () => {
    const config = parsePipelineConfig({ environment: "dev" });
    const environment = processImageEnvironment(config, {
      processedBucket: "imgpipe-dev-processed",
      imagesTable: "imgpipe-dev-images",
      eventsTopicArn: "arn:aws:sns:eu-west-1:123456789012:imgpipe-dev-events",
    });

    const result = await coldStart({ ...environment, AWS_REGION: "eu-west-1" });

    expect(result).toEqual({ ok: true, output: "ready\n" });
  });
  it("leaves the AWS SDK out of the cold start: the first request loads its clients", () => {
    const coldStart = [...coldStartFiles(bundle)].map((file) => readFileSync(file, "utf8"));

    const firstRequest = readFileSync(chunkNamed(bundle, "stores-"), "utf8");

    expect(coldStart.some((source) => source.includes('"S3Client"'))).toBe(false);
    expect(firstRequest).toContain('"S3Client"');
  });
});
