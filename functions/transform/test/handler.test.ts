import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parsePipelineConfig, transformEnvironment } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { chunkNamed, coldStartFiles } from "../../core/test/bundleFiles.js";

const bundle = fileURLToPath(new URL("../dist/index.mjs", import.meta.url));

/** Loads the built bundle in a fresh Node process, as a Lambda cold start does, and calls it once. */
async function coldStart(env: Record<string, string>, event?: unknown) {
  const call = event
    ? `const { handler } = m; console.log(JSON.stringify(await handler(${JSON.stringify(event)}, { awsRequestId: "r" })));`
    : `console.log("ready");`;
  const script = `const m = await import(${JSON.stringify(bundle)}); ${call}`;
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", script],
      {
        env: { PATH: process.env.PATH ?? "", ...env },
      },
    );
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr) };
  }
}

const environment = transformEnvironment(parsePipelineConfig({ environment: "dev" }), {
  uploadsBucket: "imgpipe-dev-uploads",
  processedBucket: "imgpipe-dev-processed",
  imagesTable: "imgpipe-dev-images",
  signingKey: { value: "a-signing-key-of-some-length" },
});

describe("the transform bundle", () => {
  it("fails at cold start, naming each bad variable, when its environment is incomplete", async () => {
    const result = await coldStart({ IMGPIPE_TRANSFORM: "not json" });

    expect(result.ok).toBe(false);
    expect(result.output).toContain("Invalid transform environment");
    expect(result.output).toContain("IMGPIPE_UPLOADS_BUCKET");
    expect(result.output).toContain("must be JSON");
  });

  it("answers a function URL event that is not GET with 405 problem+json, before any I/O", async () => {
    const event = {
      rawPath: "/t/unsafe/demo/beach",
      rawQueryString: "",
      headers: {},
      requestContext: { http: { method: "POST" } },
    };

    const result = await coldStart(
      { ...environment, AWS_REGION: "eu-west-1", LOG_LEVEL: "silent" },
      event,
    );

    expect(result.ok).toBe(true);
    const response = JSON.parse(result.output) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(response.statusCode).toBe(405);
    expect(response.headers).toMatchObject({
      "content-type": "application/problem+json",
      allow: "GET, HEAD",
    });
    expect(JSON.parse(Buffer.from(response.body, "base64").toString()).code).toBe(
      "method_not_allowed",
    );
  });
  it("leaves the AWS SDK out of the cold start: the first request loads its clients", () => {
    const coldStart = [...coldStartFiles(bundle)].map((file) => readFileSync(file, "utf8"));

    const firstRequest = readFileSync(chunkNamed(bundle, "stores-"), "utf8");

    expect(coldStart.some((source) => source.includes('"S3Client"'))).toBe(false);
    expect(firstRequest).toContain('"S3Client"');
  });
});
