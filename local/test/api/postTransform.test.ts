import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { API_SCOPES, parsePipelineConfig } from "@imgpipe/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imageAs } from "../../../functions/core/test/fixtures.js";
import { canEncodeHeic, encodeHeic } from "../../../functions/core/test/heicFixtures.js";
import { translucentPng } from "../../../functions/transform/test/fixtures.js";
import { type ApiClient, apiClient } from "../support/apiClient.js";
import { photoJpeg } from "../support/images.js";
import { jsonOf } from "../support/jsonOf.js";
import { type PipelineHarness, startPipelineHarness } from "../support/pipelineHarness.js";

// Under what fits through API Gateway and Lambda (4.4 MiB), so the config's limit decides.
const MAX_UPLOAD_BYTES = 3_000_000;
const config = parsePipelineConfig(
  {
    environment: "test",
    limits: { maxUploadBytes: MAX_UPLOAD_BYTES },
    // A first conversion starts a sandbox and loads sharp: on a loaded runner, past 29 s.
    functions: { api: { timeoutSeconds: 180 } },
  },
  "test",
);
const CHROME_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";

/** Random pixels as a PNG: nothing to compress, so an enlargement is many bytes. */
function noisePng(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(Math.random() * 256);
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

describe("POST /transform through the local gateway", { timeout: 180_000 }, () => {
  let pipeline: PipelineHarness;
  let alice: ApiClient;
  let photo: Buffer;

  beforeAll(async () => {
    pipeline = await startPipelineHarness(config);
    alice = await apiClient(pipeline.cloud, "alice");
    photo = await photoJpeg(1200, 800);
  }, 180_000);

  afterAll(() => pipeline?.stop());

  /** The request a browser or `curl -F` sends: the file part, then the edit fields. */
  const convert = (
    file: Buffer,
    options: {
      fields?: Record<string, string>;
      query?: string;
      accept?: string;
      name?: string;
      token?: string | null;
    } = {},
  ) => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(file)]), options.name ?? "beach.jpg");
    for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
    const token = options.token === undefined ? alice.token : options.token;
    return fetch(`${pipeline.cloud.endpoints.api}/transform${options.query ?? ""}`, {
      method: "POST",
      body: form,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(options.accept && { accept: options.accept }),
      },
    });
  };
  const imageOf = async (response: Response) => {
    const body = Buffer.from(await response.arrayBuffer());
    const { format, width, height, hasAlpha, compression } = await sharp(body).metadata();
    return { format, width, height, hasAlpha, compression };
  };
  const problemOf = async (response: Response) => {
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    return { status: response.status, ...(await jsonOf(response)) };
  };

  it("converts a JPEG to WebP at the asked width, as a download that is never cached", async () => {
    const response = await convert(photo, { fields: { w: "320", fm: "webp" } });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-disposition")).toBe('inline; filename="beach.webp"');
    expect(response.headers.get("vary") ?? "").not.toContain("Accept");
    expect(await imageOf(response)).toMatchObject({ format: "webp", width: 320, height: 213 });
  });

  it("converts a PNG to AVIF filling a box, with the edits in the query string", async () => {
    const png = await translucentPng(640, 480);

    const response = await convert(png, {
      query: "?w=200&h=200&fit=cover&fm=avif",
      name: "logo.png",
    });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/avif");
    expect(response.headers.get("content-disposition")).toBe('inline; filename="logo.avif"');
    expect(await imageOf(response)).toMatchObject({
      format: "heif",
      compression: "av1",
      width: 200,
      height: 200,
      hasAlpha: true,
    });
  });

  it("multiplies the size by dpr", async () => {
    const response = await convert(photo, { fields: { w: "160", dpr: "2", fm: "jpeg" } });

    expect(await imageOf(response)).toMatchObject({ format: "jpeg", width: 320, height: 213 });
  });

  it.each([
    [CHROME_ACCEPT, "image/avif", "heif"],
    ["image/webp,*/*", "image/webp", "webp"],
    ["*/*", "image/jpeg", "jpeg"],
    [undefined, "image/jpeg", "jpeg"],
  ])("without fm, answers Accept %s with %s and Vary: Accept", async (accept, type, format) => {
    const response = await convert(photo, { fields: { w: "100" }, ...(accept && { accept }) });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("vary")).toMatch(/\bAccept\b/);
    expect(await imageOf(response)).toMatchObject({ format, width: 100 });
  });

  it("keeps transparency as PNG where neither AVIF nor WebP is accepted", async () => {
    const response = await convert(await translucentPng(300, 200), { accept: "image/jpeg" });

    expect(response.headers.get("content-type")).toBe("image/png");
    expect(await imageOf(response)).toMatchObject({ format: "png", hasAlpha: true, width: 300 });
  });

  it.runIf(canEncodeHeic)("converts an iPhone HEIC to JPEG", async () => {
    const heic = await encodeHeic([await imageAs("png", { width: 400, height: 300 })]);

    const response = await convert(heic, { fields: { fm: "jpeg" }, name: "IMG_0001.HEIC" });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('inline; filename="IMG_0001.jpg"');
    expect(await imageOf(response)).toMatchObject({ format: "jpeg", width: 400, height: 300 });
  });

  it.each([
    ["a width of 0", { w: "0" }, /w/],
    ["an unknown fit", { fit: "squash" }, /fit/],
    ["a quality over 100", { q: "101" }, /q/],
  ])("answers 400 problem+json to %s", async (_, fields, detail) => {
    const problem = await problemOf(await convert(photo, { fields }));

    expect(problem).toMatchObject({ status: 400, code: "invalid_request", instance: "/transform" });
    expect(problem.detail).toMatch(detail);
  });

  it("answers 400 to an edit given both as a field and in the query", async () => {
    const problem = await problemOf(
      await convert(photo, { fields: { w: "100" }, query: "?w=200" }),
    );

    expect(problem).toMatchObject({ status: 400, code: "invalid_request" });
    expect(problem.detail).toContain('"w" is given 2 times');
  });

  it("answers 400 listing the field to a form without a file, and to an unknown field", async () => {
    const form = new FormData();
    form.append("w", "100");
    form.append("width", "100");
    const response = await fetch(`${pipeline.cloud.endpoints.api}/transform`, {
      method: "POST",
      body: form,
      headers: { authorization: `Bearer ${alice.token}` },
    });

    const problem = await problemOf(response);

    expect(problem.status).toBe(400);
    expect(problem.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual([
      "file",
      "width",
    ]);
  });

  it("lets API Gateway's JWT authorizer refuse a missing token (401) and a read-only one (403)", async () => {
    const reader = await apiClient(pipeline.cloud, "bob", [API_SCOPES.read]);

    const anonymous = await convert(photo, { token: null });
    const readOnly = await convert(photo, { token: reader.token });

    // API Gateway's own answers, before the function runs: not problem+json, in AWS too.
    expect(anonymous.status).toBe(401);
    expect(await jsonOf(anonymous)).toEqual({ message: "Unauthorized" });
    expect(readOnly.status).toBe(403);
    expect(await jsonOf(readOnly)).toEqual({ message: "Forbidden" });
  });

  it("answers 413 problem+json to a file over limits.maxUploadBytes", async () => {
    const big = Buffer.concat([photo, Buffer.alloc(MAX_UPLOAD_BYTES)]);

    const problem = await problemOf(await convert(big));

    expect(problem).toMatchObject({ status: 413, code: "too_large" });
    expect(problem.detail).toContain("the limit is 2.9 MiB");
  });

  it("answers 413 to a body larger than Lambda takes, as API Gateway does", async () => {
    // 5 MB of binary is 6.7 MB of base64 in the event: Lambda refuses it before it runs.
    const response = await convert(Buffer.concat([photo, Buffer.alloc(5_000_000)]));

    expect(response.status).toBe(413);
    expect(await jsonOf(response)).toEqual({ message: "Request Too Long" });
  });

  it("answers 413 problem+json to an output over transform.maxOutputSide", async () => {
    const problem = await problemOf(await convert(photo, { fields: { w: "5000" } }));

    expect(problem).toMatchObject({ status: 413, code: "too_large" });
    expect(problem.detail).toContain("4096 pixels a side");
  });

  it("answers 413 problem+json, with what to ask instead, when the image would not fit in an answer", async () => {
    const noise = await noisePng(700, 700);

    const response = await convert(noise, { fields: { w: "2400", fm: "png" }, name: "noise.png" });

    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 413, code: "too_large" });
    expect(problem.detail).toMatch(/at most 4\.\d MiB/);
    expect(problem.detail).toContain("lower quality (q)");
  });

  it.each([
    ["text", Buffer.from("Dear user, this is not a photo.\n".repeat(20)), /not an image/],
    [
      "an SVG",
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
      /SVG/,
    ],
  ])("answers 415 problem+json to %s", async (_, file, detail) => {
    const problem = await problemOf(await convert(file, { name: "photo.jpg" }));

    expect(problem).toMatchObject({ status: 415, code: "unsupported_type" });
    expect(problem.detail).toMatch(detail);
  });

  it("answers 415 problem+json to a body that is not multipart", async () => {
    const response = await alice.call("POST", "/transform", { w: 100 });

    expect(await problemOf(response)).toMatchObject({ status: 415, code: "unsupported_type" });
  });

  it("answers 422 problem+json to a truncated JPEG", async () => {
    const cut = photo.subarray(0, photo.length / 2);

    const problem = await problemOf(await convert(cut, { fields: { w: "100" } }));

    expect(problem).toMatchObject({ status: 422, code: "corrupt_image" });
    expect(problem.detail).toContain("truncated or corrupt");
  });

  it("answers 422 problem+json to a format imgpipe does not write, as /t/* does", async () => {
    const problem = await problemOf(await convert(photo, { fields: { fm: "gif" } }));

    expect(problem).toMatchObject({ status: 422, code: "cannot_apply" });
    expect(problem.detail).toContain("gif");
  });

  it("stores nothing: no object in either bucket, no row, after every conversion above", async () => {
    const { s3, dynamo } = pipeline.clients;
    const { resources } = pipeline.cloud;

    const keys = await Promise.all(
      [resources.uploadsBucket, resources.processedBucket].map(async (Bucket) => {
        const listed = await s3.send(new ListObjectsV2Command({ Bucket }));
        return listed.Contents ?? [];
      }),
    );
    const rows = await dynamo.send(new ScanCommand({ TableName: resources.imagesTable }));

    expect(keys.flat()).toEqual([]);
    expect(rows.Items).toEqual([]);
  });
});
