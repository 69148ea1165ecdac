import type { OutputFormat } from "@imgpipe/core";
import type { Output } from "../parse/transformRequest.js";

/**
 * The format a transform answers in: the one the edits name, else (`auto`) the one
 * negotiated from `Accept`, with PNG instead of JPEG for a transparent source, so that
 * negotiation never drops its transparency (a JPEG asked for by name is flattened).
 */
export function outputFormatOf(
  requested: Output["format"],
  negotiated: "avif" | "webp" | "jpeg",
  hasAlpha: boolean,
): OutputFormat {
  if (requested !== "auto") return requested;
  return negotiated === "jpeg" && hasAlpha ? "png" : negotiated;
}
