import { OUTPUT_FORMATS, type OutputFormat } from "@imgpipe/core";
import { TransformError } from "../errors.js";
import { fail } from "./numbers.js";

/** Formats Thumbor writes that imgpipe's encoders do not. */
const UNWRITTEN = new Set(["gif", "heic", "heif", "tiff", "jxl"]);

/**
 * An output format as a URL names it: `avif`, `webp`, `jpeg` (or `jpg`), `png`, or
 * `auto` (chosen from `Accept`).
 *
 * @throws TransformError `invalid_url` for an unknown name, `cannot_apply` for a format imgpipe does not write
 */
export function parseFormat(text: string, what: string): OutputFormat | "auto" {
  const name = text.toLowerCase() === "jpg" ? "jpeg" : text.toLowerCase();
  if (name === "auto") return "auto";
  const format = OUTPUT_FORMATS.find((f) => f === name);
  if (format) return format;
  if (UNWRITTEN.has(name)) {
    throw new TransformError(
      "cannot_apply",
      `${what}: imgpipe does not write ${name}; use avif, webp, jpeg, png or auto.`,
    );
  }
  return fail(`${what}: "${text}" is not a format; use avif, webp, jpeg, png or auto.`);
}
