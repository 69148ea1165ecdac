import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  originalOf,
  type SignedParts,
  signatureOf,
  signTransformUrl,
  type VerifyOptions,
  verifyTransformSignature,
  withRevision,
} from "../../src/index.js";

const KEY = "a-long-random-signing-key";
const NOW = Date.parse("2026-12-01T10:00:00Z");
const STRICT: VerifyOptions = { key: KEY, allowUnsafe: false, thumborSignatures: false, now: NOW };

/** The parts of a URL the signer wrote, as the transform's parser reads them. */
function partsOf(url: string): SignedParts {
  const [, signature = "", ...rest] = url.slice(1).split("/");
  const signed = rest.slice(0).join("/");
  const expires = new URL(`http://x/${signed}`).searchParams.get("expires");
  return { signature, signed, ...(expires && { expires: Number(expires) }) };
}

describe("signTransformUrl and verifyTransformSignature", () => {
  it("signs with HMAC-SHA256 by default, and the signature verifies", () => {
    const url = signTransformUrl("fit-in/512x512/demo/beach", { key: KEY });

    expect(url).toMatch(/^\/t\/[A-Za-z0-9_-]{43}\/fit-in\/512x512\/demo\/beach$/);
    expect(verifyTransformSignature(partsOf(url), STRICT)).toEqual({
      valid: true,
      scheme: "sha256",
    });
  });

  it("refuses a URL whose edits were changed after signing", () => {
    const url = signTransformUrl("fit-in/512x512/demo/beach", { key: KEY });

    const tampered = url.replace("512x512", "4096x4096");

    expect(verifyTransformSignature(partsOf(tampered), STRICT)).toMatchObject({
      valid: false,
      reason: "bad_signature",
    });
  });

  it("refuses a signature made with another key", () => {
    const url = signTransformUrl("demo/beach?w=100", { key: "another key" });

    expect(verifyTransformSignature(partsOf(url), STRICT)).toMatchObject({
      valid: false,
      reason: "bad_signature",
    });
  });

  it("writes Thumbor's own signature, which Thumbor libraries compute as HMAC-SHA1 of the path", () => {
    const path = "fit-in/300x200/demo/beach";
    const thumbors = createHmac("sha1", KEY)
      .update(path)
      .digest("base64")
      .replaceAll("+", "-")
      .replaceAll("/", "_");

    expect(signatureOf(path, KEY, "thumbor-sha1")).toBe(thumbors);
  });

  it("accepts Thumbor signatures only where they are enabled", () => {
    const url = signTransformUrl("300x200/demo/beach", { key: KEY, scheme: "thumbor-sha1" });

    expect(verifyTransformSignature(partsOf(url), STRICT)).toMatchObject({
      valid: false,
      reason: "bad_signature",
    });
    expect(verifyTransformSignature(partsOf(url), { ...STRICT, thumborSignatures: true })).toEqual({
      valid: true,
      scheme: "thumbor-sha1",
    });
  });

  it("accepts unsafe/ only where it is enabled", () => {
    const unsafe = { signature: "unsafe", signed: "demo/beach" };

    expect(verifyTransformSignature(unsafe, STRICT)).toMatchObject({
      valid: false,
      reason: "bad_signature",
    });
    expect(verifyTransformSignature(unsafe, { ...STRICT, allowUnsafe: true })).toEqual({
      valid: true,
      scheme: "unsafe",
    });
  });

  it("signs an expiry with the rest: it works until then, and cannot be extended", () => {
    const url = signTransformUrl("demo/beach?w=100", { key: KEY, expires: new Date(NOW + 60_000) });

    expect(url).toContain(`?w=100&expires=${(NOW + 60_000) / 1000}`);
    expect(verifyTransformSignature(partsOf(url), STRICT).valid).toBe(true);
    expect(verifyTransformSignature(partsOf(url), { ...STRICT, now: NOW + 61_000 })).toMatchObject({
      valid: false,
      reason: "expired",
    });
    const extended = url.replace(/expires=\d+/, `expires=${NOW / 1000 + 3600}`);
    expect(verifyTransformSignature(partsOf(extended), STRICT)).toMatchObject({
      reason: "bad_signature",
    });
  });
});

describe("withRevision and originalOf", () => {
  it("pins the original at the end of a Thumbor path or a query-form path", () => {
    expect(withRevision("fit-in/512x512/demo/beach", "0123456789abcdef")).toBe(
      "fit-in/512x512/demo/beach@0123456789abcdef",
    );
    expect(withRevision("demo/beach@aaaaaaaaaaaaaaaa?w=100", "0123456789abcdef")).toBe(
      "demo/beach@0123456789abcdef?w=100",
    );
  });

  it("finds the original a path names, and none in a variant key", () => {
    expect(originalOf("filters:grayscale()/demo/beach@0123456789abcdef")).toEqual({
      ownerId: "demo",
      imageId: "beach",
    });
    expect(
      originalOf("fit-in/100x100/images/demo/beach/0123456789abcdef/large.webp"),
    ).toBeUndefined();
  });
});
