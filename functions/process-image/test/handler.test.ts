import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parsePipelineConfig, processImageEnvironment } from "@imgpipe/core";
import { describe, expect, it } from "vitest";

const bundle = fileURLToPath(new URL("../dist/index.mjs", import.meta.url));

/** The files a cold start reads: the entry and the chunks it imports statically, transitively. */
function coldStartFiles(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(entry, "utf8");
  for (const [, path] of source.matchAll(
    /(?:^|[;}\n])\s*import\s*(?:[^"'();]*?from\s*)?"(\.{1,2}\/[^"]+)"/g,
  ))
    if (path) coldStartFiles(resolve(dirname(entry), path), seen);
  return seen;
}

/** The chunk the handler imports on its first request: the AWS SDK clients and the stores on them. */
function storesChunk(): string {
  const chunks = join(dirname(bundle), "chunks");
  const names = readdirSync(chunks).filter((n) => n.startsWith("stores-") && n.endsWith(".mjs"));
  expect(names).toHaveLength(1);
  return join(chunks, names[0] ?? "");
}

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

    const firstRequest = readFileSync(storesChunk(), "utf8");

    expect(coldStart.some((source) => source.includes('"S3Client"'))).toBe(false);
    expect(firstRequest).toContain('"S3Client"');
  });
});
