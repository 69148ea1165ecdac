import { parsePipelineConfig } from "@imgpipe/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, postForm } from "../support/apiClient.js";
import { eventually } from "../support/eventually.js";
import { photoJpeg } from "../support/images.js";
import { jsonOf } from "../support/jsonOf.js";
import { type PipelineHarness, startPipelineHarness } from "../support/pipelineHarness.js";

const config = parsePipelineConfig(
  { environment: "test", transform: { srcsetWidths: [160, 320, 640] } },
  "test",
);
const CHROME_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";

interface Responsive {
  revision: string;
  srcset: string;
  src: string;
  candidates: { width: number; height: number; url: string }[];
}

describe("the API's signed transform URLs, through the local CDN", { timeout: 240_000 }, () => {
  let pipeline: PipelineHarness;
  let alice: ApiClient;
  let imageId: string;
  let upload: { url: string; fields: Record<string, string> };
  let first: Responsive;

  const cdnGet = (url: string) =>
    fetch(url, { redirect: "manual", headers: { accept: CHROME_ACCEPT } });
  const processed = (notRevision?: string) =>
    eventually(async () => {
      const image = await jsonOf(await alice.call("GET", `/images/${imageId}`));
      expect(image.status).toBe("processed");
      expect(image.responsive?.revision).toBeDefined();
      expect(image.responsive.revision).not.toBe(notRevision);
      return image as { width: number; height: number; responsive: Responsive };
    }, 120_000);

  beforeAll(async () => {
    pipeline = await startPipelineHarness(config);
    alice = await apiClient(pipeline.cloud, "alice");
    const photo = await photoJpeg(1200, 800);
    ({ imageId, upload } = await alice.startUpload("beach.jpg", "image/jpeg", photo.length));
    expect((await postForm(upload, photo, { type: "image/jpeg" })).status).toBe(204);
    first = (await processed()).responsive;
  }, 180_000);

  afterAll(() => pipeline?.stop());

  it("answers a srcset whose every URL renders at its width, in the format Accept asks for", async () => {
    const candidates = first.candidates;

    const rendered = await Promise.all(
      candidates.map(async (candidate) => {
        const response = await cdnGet(candidate.url);
        const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
        return { status: response.status, type: response.headers.get("content-type"), ...meta };
      }),
    );

    expect(candidates.map((c) => [c.width, c.height])).toEqual([
      [160, 107],
      [320, 213],
      [640, 427],
    ]);
    expect(first.srcset).toBe(candidates.map((c) => `${c.url} ${c.width}w`).join(", "));
    expect(candidates.every((c) => c.url.startsWith(`${pipeline.cloud.endpoints.cdn}/t/`))).toBe(
      true,
    );
    expect(rendered.map((r) => [r.status, r.type, r.width, r.height])).toEqual(
      candidates.map((c) => [200, "image/avif", c.width, c.height]),
    );
  });

  it("lists gallery items with the same srcset as the image itself", async () => {
    const page = await jsonOf(await alice.call("GET", "/images"));

    const item = page.items.find((image: { id: string }) => image.id === imageId);

    expect(item.responsive).toEqual(first);
  });

  it("refuses a URL whose signature was tampered with: 403 problem+json", async () => {
    const url = new URL(first.src);
    const [, , signature = "", ...rest] = url.pathname.split("/");
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    url.pathname = ["", "t", flipped, ...rest].join("/");

    const response = await cdnGet(url.toString());

    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 403, code: "bad_signature" });
  });

  it("gives a replaced original new URLs, and redirects the old ones to the current revision", async () => {
    const replacement = await photoJpeg(480, 640);
    expect((await postForm(upload, replacement, { type: "image/jpeg" })).status).toBe(204);

    const current = await processed(first.revision);
    const old = await cdnGet(first.src);
    const location = old.headers.get("location") ?? "";
    const followed = await cdnGet(new URL(location, pipeline.cloud.endpoints.cdn).toString());
    const pixels = await sharp(Buffer.from(await followed.arrayBuffer())).metadata();

    expect(current.width).toBe(480);
    expect(current.responsive.src).not.toBe(first.src);
    expect(current.responsive.src).toContain(`/${imageId}@${current.responsive.revision}`);
    expect(old.status).toBe(302);
    expect(location).toContain(`alice/${imageId}@${current.responsive.revision}`);
    expect(followed.status).toBe(200);
    // The old URL's widest candidate (640) asked for more than the new original's 480.
    expect({ width: pixels.width, height: pixels.height }).toEqual({ width: 640, height: 853 });
    expect(current.responsive.candidates.map((c) => c.width)).toEqual([160, 320, 480]);
  });
});
