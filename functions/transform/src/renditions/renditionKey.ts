import { createHash } from "node:crypto";
import { type OutputFormat, renditionKey } from "@imgpipe/core";
import type { Edits } from "../parse/transformRequest.js";
import type { ResolvedSource } from "../source/sourceStore.js";

/**
 * The key of one rendition: everything that decides its pixels (the source and its
 * revision, the edits, the output format) and nothing else, so the same transform
 * asked through another URL (signed otherwise, expiring later) shares it.
 */
export function renditionKeyOf(source: ResolvedSource, edits: Edits, format: OutputFormat): string {
  const requestHash = createHash("sha256")
    .update(
      JSON.stringify({
        source: source.kind === "variant" ? source.key : "original",
        edits,
        format,
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
