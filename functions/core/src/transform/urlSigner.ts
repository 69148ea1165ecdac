import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signatures of transform URLs (`/t/<signature>/<signed part>`). The signature covers
 * everything after its own path segment: the edits, the image and the query, an
 * `expires` parameter included, so nothing of the URL can change without breaking it.
 *
 * - `sha256` (the default): HMAC-SHA256, base64url without padding (43 characters).
 * - `thumbor-sha1`: Thumbor's own HMAC-SHA1, base64url with padding (28 characters), so
 *   that URLs built by Thumbor libraries verify. Opt-in: SHA-1 is the weaker MAC.
 */
export type SignatureScheme = "sha256" | "thumbor-sha1";

/** Where transform URLs live on the CDN. */
export const TRANSFORM_PREFIX = "/t/";

/** The signature of `signed` (the URL after `/t/<signature>/`) with `key`. */
export function signatureOf(
  signed: string,
  key: string,
  scheme: SignatureScheme = "sha256",
): string {
  if (scheme === "thumbor-sha1") {
    return createHmac("sha1", key).update(signed).digest("base64url").padEnd(28, "=");
  }
  return createHmac("sha256", key).update(signed).digest("base64url");
}

export interface SignUrlOptions {
  key: string;
  scheme?: SignatureScheme;
  /** The URL stops working after this moment (signed with the rest). */
  expires?: Date;
}

/**
 * Signs a transform: `path` is the part after the signature, a Thumbor path
 * (`fit-in/512x512/demo/beach`) or the query form (`demo/beach?w=512`).
 *
 * @returns the CDN path, `/t/<signature>/<path>[?…expires=…]`
 * @example
 * signTransformUrl("fit-in/512x512/demo/beach@0f3a9c1b2d4e5f60", { key });
 * // "/t/3q2-…/fit-in/512x512/demo/beach@0f3a9c1b2d4e5f60"
 */
export function signTransformUrl(path: string, options: SignUrlOptions): string {
  const bare = path.replace(/^\/+/, "");
  const signed = options.expires ? withExpiry(bare, options.expires) : bare;
  return `${TRANSFORM_PREFIX}${signatureOf(signed, options.key, options.scheme)}/${signed}`;
}

const TRAILING_ORIGINAL = /(^|\/)([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)(?:@[0-9a-f]{16})?$/;

/**
 * The original a transform path names at its end (`…/<ownerId>/<imageId>[@<revision>]`),
 * or undefined when it names a variant key.
 */
export function originalOf(path: string): { ownerId: string; imageId: string } | undefined {
  const [bare = ""] = path.split("?");
  if (bare.startsWith("images/") || bare.includes("/images/")) return undefined;
  const match = TRAILING_ORIGINAL.exec(bare);
  return match ? { ownerId: match[2] ?? "", imageId: match[3] ?? "" } : undefined;
}

/**
 * Pins the original a transform path names to a revision (the first 16 hex digits of
 * its SHA-256), replacing any revision it had: a replaced original gets new URLs.
 *
 * @example
 * withRevision("fit-in/512x512/demo/beach?expires=1", "0f3a9c1b2d4e5f60");
 * // "fit-in/512x512/demo/beach@0f3a9c1b2d4e5f60?expires=1"
 */
export function withRevision(path: string, revision: string): string {
  const [bare = "", ...query] = path.split("?");
  const pinned = bare.replace(TRAILING_ORIGINAL, `$1$2/$3@${revision}`);
  return [pinned, ...query].join("?");
}

/** The revision of an original as URLs name it: the first 16 hex digits of its SHA-256. */
export function revisionOf(sha256: string): string {
  return sha256.slice(0, 16);
}

function withExpiry(path: string, expires: Date): string {
  const seconds = Math.floor(expires.getTime() / 1000);
  return `${path}${path.includes("?") ? "&" : "?"}expires=${seconds}`;
}

export interface SignedParts {
  /** The URL's signature segment (or `unsafe`). */
  signature: string;
  /** What the signature covers. */
  signed: string;
  /** Epoch seconds, if the URL expires. */
  expires?: number;
}

export interface VerifyOptions {
  key: string;
  allowUnsafe: boolean;
  thumborSignatures: boolean;
  /** Epoch milliseconds. */
  now: number;
}

export type Verification =
  | { valid: true; scheme: SignatureScheme | "unsafe" }
  | { valid: false; reason: "bad_signature" | "expired"; message: string };

/**
 * Checks a URL's signature, then its expiry; compares in constant time.
 *
 * @example
 * verifyTransformSignature(request, { key, allowUnsafe: false, thumborSignatures: false, now: Date.now() });
 */
export function verifyTransformSignature(url: SignedParts, options: VerifyOptions): Verification {
  const scheme = schemeOf(url.signature, options);
  if (scheme === undefined) return refused(url.signature);
  if (
    scheme !== "unsafe" &&
    !sameText(url.signature, signatureOf(url.signed, options.key, scheme))
  ) {
    return {
      valid: false,
      reason: "bad_signature",
      message: "The URL's signature does not match it.",
    };
  }
  if (url.expires !== undefined && url.expires * 1000 <= options.now) {
    return {
      valid: false,
      reason: "expired",
      message: `The URL expired at ${new Date(url.expires * 1000).toISOString()}.`,
    };
  }
  return { valid: true, scheme };
}

function schemeOf(
  signature: string,
  options: VerifyOptions,
): SignatureScheme | "unsafe" | undefined {
  if (signature === "unsafe") return options.allowUnsafe ? "unsafe" : undefined;
  if (signature.length === 28) return options.thumborSignatures ? "thumbor-sha1" : undefined;
  return "sha256";
}

function refused(signature: string): Verification {
  const message =
    signature === "unsafe"
      ? "Unsigned (unsafe/) URLs are disabled here: sign the URL."
      : "Thumbor (HMAC-SHA1) signatures are disabled here: sign the URL with HMAC-SHA256.";
  return { valid: false, reason: "bad_signature", message };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
