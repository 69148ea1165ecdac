import exifReader from "exif-reader";
import type { CameraDetails } from "../events/eventSchemas.js";

/** Longest text kept from a tag: EXIF is written by the uploader and can hold anything. */
const MAX_TEXT = 64;

/**
 * Reads make, model and capture time from raw EXIF (as sharp returns it). Returns
 * undefined when there is none of them; malformed EXIF is ignored, since it is optional
 * and says nothing about whether the pixels are usable. Nothing else (no GPS, no serial
 * numbers) is read.
 */
export function cameraDetails(exif: Buffer | undefined): CameraDetails | undefined {
  if (!exif) return undefined;
  let tags: ReturnType<typeof exifReader>;
  try {
    tags = exifReader(exif);
  } catch {
    return undefined;
  }
  const make = text(tags.Image?.Make);
  const model = text(tags.Image?.Model);
  const capturedAt = captureTime(tags.Photo?.DateTimeOriginal, tags.Photo?.OffsetTimeOriginal);
  if (!make && !model && !capturedAt) return undefined;
  return { ...(make && { make }), ...(model && { model }), ...(capturedAt && { capturedAt }) };
}

function text(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: EXIF strings are NUL-padded
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean ? clean.slice(0, MAX_TEXT) : undefined;
}

function captureTime(taken: unknown, offset: unknown): string | undefined {
  // exif-reader reads the camera's wall-clock time as if it were UTC.
  if (!(taken instanceof Date) || Number.isNaN(taken.getTime())) return undefined;
  const wallClock = taken.toISOString().slice(0, 19);
  const zone = typeof offset === "string" && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : "";
  return wallClock + zone;
}
