import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { parsePipelineConfig, revisionOf, signTransformUrl, uploadKey } from "@imgpipe/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "../src/localCloud.js";
import { loadOrCreateSigningKey } from "../src/transform/signingKey.js";
import { eventually } from "./support/eventually.js";
import { photoJpeg } from "./support/images.js";
import { localClients } from "./support/localClients.js";
import { tempDir } from "./support/tempDir.js";
import { startTestCloud } from "./support/testCloud.js";

const config = parsePipelineConfig({ environment: "test" }, "test");
const CHROME_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";

describe("transforms through the local CDN's /t/*", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let cloud: LocalCloud;
  let clients: ReturnType<typeof localClients>;
  let key: string;

  const sign = (path: string, options: { expires?: Date } = {}) =>
    signTransformUrl(path, { key, ...options });
  const cdn = (path: string, accept?: string) =>
    fetch(`${cloud.endpoints.cdn}${path}`, {
      redirect: "manual",
      ...(accept && { headers: { accept } }),
    });
  const upload = async (imageId: string, body: Buffer) => {
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: cloud.resources.uploadsBucket,
        Key: uploadKey({ ownerId: "alice", imageId, fileName: "photo.jpg" }),
        Body: body,
        ContentType: "image/jpeg",
      }),
    );
  };
  const processedRevision = (imageId: string, notRevision?: string) =>
    eventually(async () => {
      const { Item } = await clients.dynamo.send(
        new GetCommand({
          TableName: cloud.resources.imagesTable,
          Key: { ownerId: "alice", imageId },
        }),
      );
      expect(Item?.status).toBe("processed");
      const revision = revisionOf(String(Item?.source.sha256));
      expect(revision).not.toBe(notRevision);
      return revision;
    }, 90_000);
  const problemOf = async (response: Response) => {
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    return (await response.json()) as { status: number; code: string; detail: string };
  };

  let revision: string;
  beforeAll(async () => {
    data = await tempDir("transform");
    cloud = await startTestCloud({ config, dataDir: data.path });
    clients = localClients(cloud, config.region);
    key = await loadOrCreateSigningKey(data.path);
    await upload("beach", await photoJpeg(1200, 800));
    revision = await processedRevision("beach");
  }, 120_000);
  afterAll(async () => {
    await cloud?.stop();
    await data?.remove();
  });

  it("renders a signed fit-in 512, negotiating AVIF from Accept, cached for a year", async () => {
    const response = await cdn(sign(`fit-in/512x512/alice/beach@${revision}`), CHROME_ACCEPT);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/avif");
    expect(response.headers.get("vary")).toBe("Accept");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect({ width: meta.width, height: meta.height, format: meta.format }).toEqual({
      width: 512,
      height: 341,
      format: "heif",
    });
  });

  it("answers WebP or JPEG to browsers that do not take AVIF", async () => {
    const url = sign(`256x256/smart/alice/beach@${revision}`);

    const webp = await cdn(url, "image/webp,*/*");
    const jpeg = await cdn(url, "image/png,*/*;q=0.8");

    expect(webp.headers.get("content-type")).toBe("image/webp");
    expect(jpeg.headers.get("content-type")).toBe("image/jpeg");
    expect((await sharp(Buffer.from(await jpeg.arrayBuffer())).metadata()).width).toBe(256);
  });

  it("renders a small size from a stored variant, at the size the original gives", async () => {
    const small = await cdn(sign(`fit-in/200x200/alice/beach@${revision}`), "image/webp");
    const wide = await cdn(sign(`1000x0/alice/beach@${revision}`), "image/webp");

    expect(small.headers.get("x-imgpipe-rendered-from")).toBe("medium");
    expect(wide.headers.get("x-imgpipe-rendered-from")).toBe("original");
    const meta = await sharp(Buffer.from(await small.arrayBuffer())).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 200, height: 133 });
  });

  it("reads the stored rendition on a second request instead of rendering again", async () => {
    const url = sign(`fit-in/300x300/filters:grayscale()/alice/beach@${revision}`);

    const first = await cdn(url, "image/webp");
    const second = await cdn(url, "image/webp");

    expect(first.headers.get("x-imgpipe-rendition")).toBe("miss");
    expect(second.headers.get("x-imgpipe-rendition")).toBe("hit");
    expect(second.headers.get("content-type")).toBe("image/webp");
  });

  it("answers a format named in the URL without Vary, and the query form too", async () => {
    const response = await cdn(sign(`alice/beach@${revision}?w=200&h=200&fm=png`), CHROME_ACCEPT);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("vary")).toBeNull();
  });

  it("serves a URL that follows the current original, cached briefly", async () => {
    const response = await cdn(sign("fit-in/100x100/alice/beach"));

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("refuses a bad signature with 403 problem+json, cached briefly", async () => {
    const url = sign(`fit-in/512x512/alice/beach@${revision}`).replace("512x512", "513x513");

    const response = await cdn(url);

    expect(response.status).toBe(403);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(await problemOf(response)).toMatchObject({ status: 403, code: "bad_signature" });
  });

  it("refuses unsafe/ URLs, which are disabled by default", async () => {
    const response = await cdn(`/t/unsafe/fit-in/100x100/alice/beach@${revision}`);

    expect(response.status).toBe(403);
    expect((await problemOf(response)).detail).toMatch(/Unsigned/);
  });

  it("stops an expiring URL at its expiry, and never lets a cache keep it longer", async () => {
    const live = await cdn(
      sign(`fit-in/64x64/alice/beach@${revision}`, { expires: new Date(Date.now() + 120_000) }),
    );
    const expired = await cdn(
      sign(`fit-in/64x64/alice/beach@${revision}`, { expires: new Date(Date.now() - 1000) }),
    );

    expect(live.status).toBe(200);
    const maxAge = Number(/max-age=(\d+)/.exec(live.headers.get("cache-control") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(60);
    expect(maxAge).toBeLessThanOrEqual(120);
    expect(expired.status).toBe(403);
    expect(expired.headers.get("cache-control")).toBe("no-store");
    expect((await problemOf(expired)).code).toBe("expired");
  });

  it.each([
    [
      "an invalid edit",
      () => `fit-in/100x100/filters:quality(0)/alice/beach@${revision}`,
      400,
      "invalid_url",
    ],
    ["a missing image", () => "fit-in/100x100/alice/nothing-here", 404, "not_found"],
    ["an output beyond the limits", () => `5000x5000/alice/beach@${revision}`, 413, "too_large"],
    [
      "a format imgpipe does not write",
      () => `filters:format(gif)/alice/beach@${revision}`,
      422,
      "cannot_apply",
    ],
    [
      "a crop outside the image",
      () => `2000x2000:2100x2100/alice/beach@${revision}`,
      422,
      "cannot_apply",
    ],
  ])("answers %s with %i", async (_, path, status, code) => {
    const response = await cdn(sign(path()));

    expect(response.status).toBe(status);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(await problemOf(response)).toMatchObject({ status, code });
  });

  it("transforms a stored variant by its key", async () => {
    const { Item } = await clients.dynamo.send(
      new GetCommand({
        TableName: cloud.resources.imagesTable,
        Key: { ownerId: "alice", imageId: "beach" },
      }),
    );
    const variant = ((Item?.variants ?? []) as { key: string; format: string }[]).find(
      (v) => v.format === "webp",
    );

    const response = await cdn(sign(`fit-in/50x50/${variant?.key}`), "image/webp");

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("redirects a URL of a replaced original to the current revision, signed", async () => {
    await upload("harbour", await photoJpeg(640, 480));
    const old = await processedRevision("harbour");
    await upload("harbour", await photoJpeg(480, 640));
    const current = await processedRevision("harbour", old);

    const response = await cdn(sign(`fit-in/100x100/alice/harbour@${old}`));

    expect(response.status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    const location = response.headers.get("location") ?? "";
    expect(location).toContain(`alice/harbour@${current}`);
    const followed = await cdn(location);
    expect(followed.status).toBe(200);
    expect((await sharp(Buffer.from(await followed.arrayBuffer())).metadata()).height).toBe(100);
  });

  it("answers a body over Lambda's response cap with a redirect to the stored rendition", async () => {
    const noise = Buffer.alloc(1800 * 1200 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    await upload(
      "noise",
      await sharp(noise, { raw: { width: 1800, height: 1200, channels: 3 } })
        .jpeg({ quality: 95 })
        .toBuffer(),
    );
    const noiseRevision = await processedRevision("noise");

    const response = await cdn(sign(`filters:format(png)/alice/noise@${noiseRevision}`));

    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/renditions\/alice\/noise\/[0-9a-f]{16}\/[0-9a-f]{32}\.png$/);
    const stored = await cdn(location);
    expect(stored.status).toBe(200);
    expect(Number(stored.headers.get("content-length"))).toBeGreaterThan(4 * 1024 * 1024);
  });
});

describe("transforms switched off", () => {
  it("answers /t/* with 404 saying how to switch them on", async () => {
    const data = await tempDir("transform-off");
    const off = parsePipelineConfig(
      { environment: "test", features: { transform: false } },
      "test",
    );
    const cloud = await startTestCloud({ config: off, dataDir: join(data.path, "data") });

    const response = await fetch(`${cloud.endpoints.cdn}/t/unsafe/alice/beach`);

    await cloud.stop();
    await data.remove();
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/features\.transform/);
  });
});
