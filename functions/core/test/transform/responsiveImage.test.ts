import { describe, expect, it } from "vitest";
import {
  parsePipelineConfig,
  responsiveImage,
  type SignedParts,
  signedUrlExpiry,
  verifyTransformSignature,
} from "../../src/index.js";

const KEY = "a-long-random-signing-key";
const SHA256 = "0f3a9c1b2d4e5f60aa11bb22cc33dd44ee55ff6600112233445566778899aabb";
const CDN = "https://cdn.example.com";
const LIMITS = { maxOutputSide: 4096, maxOutputPixels: 16_777_216 };
const photo = { ownerId: "demo", imageId: "beach", sha256: SHA256, width: 1200, height: 800 };

/** The signature and what it covers, as the transform function's parser reads them. */
function partsOf(url: string): SignedParts {
  const path = url.slice(CDN.length + "/t/".length);
  const [signature = "", ...rest] = path.split("/");
  const signed = rest.join("/");
  const expires = new URL(`http://x/${signed}`).searchParams.get("expires");
  return { signature, signed, ...(expires && { expires: Number(expires) }) };
}

describe("responsiveImage", () => {
  it("signs one fit-in, format(auto) URL per width the original reaches, pinned to its revision", () => {
    const image = responsiveImage(photo, {
      cdnUrl: CDN,
      key: KEY,
      widths: [320, 640, 1280],
      limits: LIMITS,
    });

    expect(image?.revision).toBe("0f3a9c1b2d4e5f60");
    expect(image?.candidates.map((c) => [c.width, c.height])).toEqual([
      [320, 213],
      [640, 427],
      [1200, 800],
    ]);
    expect(image?.candidates[0]?.url).toMatch(
      /^https:\/\/cdn\.example\.com\/t\/[A-Za-z0-9_-]{43}\/fit-in\/320x0\/filters:format\(auto\)\/demo\/beach@0f3a9c1b2d4e5f60$/,
    );
    expect(image?.src).toBe(image?.candidates[2]?.url);
    expect(image?.srcset).toBe(image?.candidates.map((c) => `${c.url} ${c.width}w`).join(", "));
    expect(image?.expiresAt).toBeUndefined();
    for (const candidate of image?.candidates ?? []) {
      const verified = verifyTransformSignature(partsOf(candidate.url), {
        key: KEY,
        allowUnsafe: false,
        thumborSignatures: false,
        now: Date.now(),
      });
      expect(verified.valid).toBe(true);
    }
  });

  it("gives a replaced original (another SHA-256) other URLs", () => {
    const options = { cdnUrl: CDN, key: KEY, widths: [320], limits: LIMITS };

    const before = responsiveImage(photo, options);
    const after = responsiveImage({ ...photo, sha256: `1${SHA256.slice(1)}` }, options);

    expect(after?.revision).not.toBe(before?.revision);
    expect(after?.src).not.toBe(before?.src);
  });

  it("keeps every configured width of an original wider than all of them", () => {
    const image = responsiveImage(
      { ...photo, width: 4000, height: 3000 },
      { cdnUrl: CDN, key: KEY, widths: [320, 640], limits: LIMITS },
    );

    expect(image?.candidates.map((c) => c.width)).toEqual([320, 640]);
  });

  it("leaves out candidates the transform function would refuse as too large", () => {
    const tall = { ...photo, width: 400, height: 8000 };

    const image = responsiveImage(tall, {
      cdnUrl: CDN,
      key: KEY,
      widths: [100, 200, 400],
      limits: LIMITS,
    });
    const none = responsiveImage(tall, { cdnUrl: CDN, key: KEY, widths: [400], limits: LIMITS });

    expect(image?.candidates.map((c) => [c.width, c.height])).toEqual([
      [100, 2000],
      [200, 4000],
    ]);
    expect(none).toBeUndefined();
  });

  it("signs an expiry into every URL when given one", () => {
    const expires = new Date("2026-12-01T12:00:00Z");

    const image = responsiveImage(photo, {
      cdnUrl: CDN,
      key: KEY,
      widths: [320],
      limits: LIMITS,
      expires,
    });

    expect(image?.expiresAt).toBe("2026-12-01T12:00:00.000Z");
    expect(partsOf(image?.src ?? "").expires).toBe(expires.getTime() / 1000);
  });
});

describe("signedUrlExpiry", () => {
  it("expires at least the given hours from now, on the next whole hour", () => {
    expect(signedUrlExpiry(new Date("2026-12-01T10:20:00Z"), 24).toISOString()).toBe(
      "2026-12-02T11:00:00.000Z",
    );
    expect(signedUrlExpiry(new Date("2026-12-01T10:00:00Z"), 1).toISOString()).toBe(
      "2026-12-01T11:00:00.000Z",
    );
  });
});

describe("transform.srcsetWidths", () => {
  it("defaults to a few widths, smallest first", () => {
    const { transform } = parsePipelineConfig({ environment: "dev" }, "test");

    expect(transform.srcsetWidths).toEqual([320, 640, 960, 1280, 1920]);
    expect(transform.signedUrlHours).toBeUndefined();
  });

  it.each([
    ["out of order", { srcsetWidths: [640, 320] }, /smallest first/],
    ["beyond maxOutputSide", { maxOutputSide: 1000, srcsetWidths: [320, 2000] }, /maxOutputSide/],
  ])("refuses widths %s", (_, transform, message) => {
    expect(() => parsePipelineConfig({ environment: "dev", transform }, "test")).toThrow(message);
  });
});
