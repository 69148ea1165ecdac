import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { parsePipelineConfig } from "@imgpipe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCdn } from "../../src/gateway/cloudFront.js";
import type { LocalCloud } from "../../src/localCloud.js";
import { jsonOf } from "../support/jsonOf.js";
import { localClients } from "../support/localClients.js";
import { tempDir } from "../support/tempDir.js";
import { startTestCloud } from "../support/testCloud.js";
import { testLambda } from "../support/testLambda.js";

const ORIGIN = "http://localhost:5173";
const config = parsePipelineConfig({ environment: "test", corsOrigins: [ORIGIN] }, "test");
const VARIANT_KEY = "images/alice/sunset/0123456789abcdef/thumb.webp";

describe("the local CloudFront distribution", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let cloud: LocalCloud;
  const cdn = (path: string, init: RequestInit = {}) =>
    fetch(`${cloud.endpoints.cdn}${path}`, init);

  beforeAll(async () => {
    data = await tempDir("cdn");
    const spaDir = join(data.path, "spa");
    await mkdir(join(spaDir, "assets"), { recursive: true });
    await writeFile(join(spaDir, "index.html"), "<!doctype html><title>imgpipe</title>");
    await writeFile(join(spaDir, "assets", "app-1a2b.js"), "console.log('app')");
    cloud = await startTestCloud({
      config,
      dataDir: join(data.path, "data"),
      spaDir,
    });
    await localClients(cloud, config.region).s3.send(
      new PutObjectCommand({
        Bucket: cloud.resources.processedBucket,
        Key: VARIANT_KEY,
        Body: Buffer.from("RIFF....WEBP"),
        ContentType: "image/webp",
        CacheControl: "public, max-age=31536000, immutable",
      }),
    );
  });
  afterAll(async () => {
    await cloud?.stop();
    await data.remove();
  });

  it("serves /images/* from the processed bucket with the stored headers", async () => {
    const response = await cdn(`/${VARIANT_KEY}`);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get("last-modified")).toMatch(/GMT$/);
    expect(await response.text()).toBe("RIFF....WEBP");
  });

  it("answers 304 Not Modified when If-None-Match has the current ETag", async () => {
    const etag = (await cdn(`/${VARIANT_KEY}`)).headers.get("etag") ?? "";

    const response = await cdn(`/${VARIANT_KEY}`, { headers: { "if-none-match": etag } });
    const changed = await cdn(`/${VARIANT_KEY}`, { headers: { "if-none-match": '"other"' } });

    expect(response.status).toBe(304);
    expect(await response.text()).toBe("");
    expect(changed.status).toBe(200);
  });

  it("answers 404 for an image that does not exist", async () => {
    expect((await cdn("/images/alice/nope/0000/thumb.webp")).status).toBe(404);
  });

  it("adds CORS headers for a configured origin on images", async () => {
    const allowed = await cdn(`/${VARIANT_KEY}`, { headers: { origin: ORIGIN } });
    const other = await cdn(`/${VARIANT_KEY}`, { headers: { origin: "https://elsewhere.test" } });

    expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(allowed.headers.get("vary")).toBe("Origin");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("sends /t/* to the transform function, which refuses an unsigned URL", async () => {
    const response = await cdn("/t/fit-in/200x200/images/alice/sunset.jpg");

    expect(response.status).toBe(403);
    expect((await jsonOf(response)).code).toBe("bad_signature");
  });

  it("serves the SPA's files, and index.html for client-side routes", async () => {
    const asset = await cdn("/assets/app-1a2b.js");
    const route = await cdn("/gallery/alice");
    const root = await cdn("/");

    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(route.status).toBe(200);
    expect(route.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(route.headers.get("cache-control")).toBe("no-cache");
    expect(await route.text()).toContain("<title>imgpipe</title>");
    expect(await root.text()).toContain("<title>imgpipe</title>");
    // A path that climbs out of the SPA folder gets the index, never the file.
    expect(await (await cdn("/..%2f..%2fetc%2fpasswd")).text()).toContain("<title>imgpipe</title>");
  });

  it("answers config.json with this local cloud's endpoints and dev sign-in, never cached", async () => {
    const response = await cdn("/config.json");

    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(await jsonOf(response)).toEqual({
      environment: "test",
      apiEndpoint: cloud.endpoints.api,
      cdnUrl: cloud.endpoints.cdn,
      auth: {
        kind: "dev",
        issuer: cloud.issuer.issuer,
        scopes: ["images/read", "images/write"],
      },
      maxUploadBytes: config.limits.maxUploadBytes,
      transforms: config.features.transform,
    });
  });

  it("lets the SPA on the CDN's own origin sign in with the dev issuer and call the API", async () => {
    const origin = cloud.endpoints.cdn;
    const preflight = await fetch(`${cloud.issuer.issuer}/token`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST" },
    });
    const token = await fetch(`${cloud.issuer.issuer}/token`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ user: "alice", scopes: ["images/read"] }),
    });
    const api = await fetch(`${cloud.endpoints.api}/images`, {
      headers: { origin, authorization: `Bearer ${(await jsonOf(token)).token}` },
    });
    const stranger = await fetch(`${cloud.issuer.issuer}/token`, {
      method: "POST",
      headers: { origin: "https://elsewhere.test", "content-type": "application/json" },
      body: JSON.stringify({ user: "alice" }),
    });

    expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    expect(token.headers.get("access-control-allow-origin")).toBe(origin);
    expect(api.status).toBe(200);
    expect(api.headers.get("access-control-allow-origin")).toBe(origin);
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("the CDN's /t/* behaviour with a transform function", () => {
  it("calls the function with a function URL event and returns its response", async () => {
    const data = await tempDir("transform");
    await writeFile(
      join(data.path, "t.mjs"),
      `export const handler = async (event) => ({ statusCode: 200, headers: { "content-type": "text/plain" }, body: event.rawPath + " " + event.routeKey });`,
    );
    const transform = testLambda("transform", join(data.path, "t.mjs"));
    const handler = createCdn({
      s3: new S3Client({ region: "us-east-1" }),
      processedBucket: "unused",
      transform,
      spaDir: undefined,
      cors: {
        allowOrigins: [],
        allowMethods: [],
        allowHeaders: [],
        exposeHeaders: [],
        maxAgeSeconds: 0,
      },
      accountId: "000000000000",
    });

    const response = await handler({
      method: "GET",
      path: "/t/200x200/a.jpg",
      query: "",
      headers: { host: "127.0.0.1" },
      body: Buffer.alloc(0),
      sourceIp: "127.0.0.1",
    });

    await transform.stop();
    await data.remove();
    expect(response.status).toBe(200);
    expect(response.body).toBe("/t/200x200/a.jpg $default");
  });
});
