import { createHash } from "node:crypto";
import { type OutputFormat, renditionKey, type TransformSettings } from "@imgpipe/core";
import type { Edits } from "../parse/transformRequest.js";
import type { ResolvedSource } from "../source/sourceStore.js";

/**
 * The key of one rendition: everything that decides its bytes (the source and its
 * revision, the stored variant it is rendered from, the edits, the watermarks'
 * revisions, the output format and its configured effort) and nothing else, so the same transform asked through another URL (signed
 * otherwise, expiring later) shares it, and a changed effort setting or a replaced
 * watermark image writes new keys.
 */
export function renditionKeyOf(
  source: ResolvedSource,
  edits: Edits,
  format: OutputFormat,
  effort: TransformSettings["effort"],
  watermarkRevisions: readonly string[] = [],
  /** The key of the stored variant an original is rendered from (it names its settings). */
  renderedFrom?: string,
): string {
  const requestHash = createHash("sha256")
    .update(
      JSON.stringify({
        source: source.kind === "variant" ? source.key : (renderedFrom ?? "original"),
        edits,
        format,
        ...(format === "webp" || format === "avif" ? { effort: effort[format] } : {}),
        ...(watermarkRevisions.length > 0 && { watermarkRevisions }),
      }),
    )
    .digest("hex")
    .slice(0, 32);
  return renditionKey({
    ownerId: source.ownerId,
    imageId: source.imageId,
    revision: source.revision,
    requestHash,
    format,
  });
}
