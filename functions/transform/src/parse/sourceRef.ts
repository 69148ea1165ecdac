import { IMAGES_PREFIX, isValidId, KeyLayoutError, parseVariantKey } from "@imgpipe/core";
import { invalidUrl } from "../errors.js";
import type { SourceRef } from "./transformRequest.js";

/** `ownerId/imageId`, optionally `@revision` (16 hex digits), or a stored variant's key. */
export const SOURCE_REF_PATTERN = "[A-Za-z0-9_-]+/[A-Za-z0-9_@.-]+(?:/[A-Za-z0-9_.-]+)*";
const REVISION = /^[0-9a-f]{16}$/;

/**
 * Reads the `<image>` part of a transform URL. Only stored images are named: no remote
 * URL, no path that could leave the pipeline's own keys.
 *
 * @throws TransformError `invalid_url`
 * @example
 * parseSourceRef("demo/beach@0f3a9c1b2d4e5f60"); // { kind: "original", ownerId: "demo", imageId: "beach", revision: "0f3a…" }
 */
export function parseSourceRef(text: string): SourceRef {
  if (text.startsWith(IMAGES_PREFIX)) return variantRef(text);
  const [ownerId = "", rest = "", ...more] = text.split("/");
  const [imageId = "", revision, ...extra] = rest.split("@");
  const valid =
    more.length === 0 &&
    extra.length === 0 &&
    isValidId(ownerId) &&
    isValidId(imageId) &&
    (revision === undefined || REVISION.test(revision));
  if (!valid) throw notAnImage(text);
  return { kind: "original", ownerId, imageId, ...(revision !== undefined && { revision }) };
}

/** The `<image>` part of a URL for a source, as the signer writes it. */
export function formatSourceRef(source: SourceRef): string {
  if (source.kind === "variant") return source.key;
  const revision = source.revision === undefined ? "" : `@${source.revision}`;
  return `${source.ownerId}/${source.imageId}${revision}`;
}

function variantRef(key: string): SourceRef {
  try {
    parseVariantKey(key);
  } catch (error) {
    if (error instanceof KeyLayoutError) throw notAnImage(key);
    throw error;
  }
  return { kind: "variant", key };
}

/** Explains what may be named, with a word on the usual mistakes. */
export function notAnImage(text: string): Error {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith("//")) {
    return invalidUrl(
      `"${text}" is a remote URL; transforms only read stored images: name one as <ownerId>/<imageId>.`,
    );
  }
  return invalidUrl(
    `"${text}" does not name a stored image: use <ownerId>/<imageId>, <ownerId>/<imageId>@<revision> or a variant key (${IMAGES_PREFIX}…); ids use letters, digits, '_' and '-'.`,
  );
}
