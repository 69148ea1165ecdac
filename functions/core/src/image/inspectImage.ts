import sharp, { type Metadata } from "sharp";
import type { Limits } from "../config/limits.js";
import { type Processing, processingSchema } from "../config/processing.js";
import { ImageRejectedError } from "../errors.js";
import { acceptedTypeNames, tooLargeMessage } from "../uploadRules.js";
import { describeUnsupported, detectFormat, type InputFormat } from "./detectFormat.js";
import { readHeifHeader, type Size } from "./heic/heifHeader.js";

/** What the header of an accepted upload says, before any pixel is decoded. */
export interface ImageInfo {
  format: InputFormat;
  /** Dimensions as displayed, after EXIF orientation (of one frame, for an animation). */
  width: number;
  height: number;
  bytes: number;
  /** Frames of an animated GIF or WebP; 1 for every other image. */
  frames: number;
  /** How many of those frames are decoded: the animation, cut to the configured cap. */
  framesToDecode: number;
  hasAlpha: boolean;
  /** Milliseconds each decoded frame shows, and how often the animation loops (0: forever). */
  animation?: { delay: number[]; loop: number };
  /** Raw EXIF, read only when the config asks for camera details. */
  exif?: Buffer;
}

const ANIMATABLE_INPUTS: ReadonlySet<InputFormat> = new Set(["gif", "webp"]);
const DEFAULT_PROCESSING = processingSchema.parse({});

/**
 * Checks an upload against the limits from its header alone, before anything is
 * decoded, and returns what it is. A decompression bomb is refused here: its header
 * gives its size away.
 *
 * @throws ImageRejectedError with a code from REJECTION_CODES and a sentence for people
 * @example
 * const info = await inspectImage(bytes, config.limits, config.processing);
 * info.width; // upright width, e.g. 3000 for a 4000×3000 phone photo taken upright
 */
export async function inspectImage(
  bytes: Uint8Array,
  limits: Limits,
  processing: Processing = DEFAULT_PROCESSING,
): Promise<ImageInfo> {
  checkUploadSize(bytes.length, limits);
  const format = detectFormat(bytes);
  if (!format) throw unsupported(bytes);
  const header = await readHeader(bytes, format);
  const frames = ANIMATABLE_INPUTS.has(format) ? Math.max(1, header.pages ?? 1) : 1;
  const framesToDecode = Math.min(frames, processing.maxAnimationFrames);
  checkFrames(frames, limits);
  const { width, height } = header.autoOrient;
  if (!width || !height) throw corrupt(format);
  const decoded = header.coded ?? { width, height };
  checkPixels(decoded.width, decoded.height, framesToDecode, limits);
  return {
    format,
    width,
    height,
    bytes: bytes.length,
    frames,
    framesToDecode,
    hasAlpha: header.hasAlpha,
    ...(framesToDecode > 1 && { animation: animationOf(header, framesToDecode) }),
    ...(processing.recordCamera && header.exif && { exif: header.exif }),
  };
}

/**
 * Refuses empty and oversize uploads. Exported so that a caller can refuse an upload
 * from its declared size, before downloading it.
 *
 * @throws ImageRejectedError `empty_file` or `file_too_large`
 */
export function checkUploadSize(size: number, limits: Limits): void {
  if (size === 0) throw new ImageRejectedError("empty_file", "The file is empty.");
  if (size > limits.maxUploadBytes) {
    throw new ImageRejectedError("file_too_large", tooLargeMessage(size, limits.maxUploadBytes));
  }
}

/** The rejection for a file that starts like `format` but does not decode. */
export function corrupt(format: InputFormat, cause?: unknown): ImageRejectedError {
  return new ImageRejectedError(
    "corrupt_image",
    `The file starts like a ${format.toUpperCase()} image but cannot be decoded: it is truncated or corrupt.`,
    { cause },
  );
}

/** What the checks read from a header; `coded` is the size decoded before any crop. */
type Header = Pick<Metadata, "autoOrient" | "hasAlpha" | "exif" | "pages" | "delay" | "loop"> & {
  coded?: Size;
};

async function readHeader(bytes: Uint8Array, format: InputFormat): Promise<Header> {
  try {
    // Header only: sharp reads no pixel data for metadata(), nor readHeifHeader (sharp
    // cannot read HEVC-coded HEIF at all). sharp's pixel limit is off here so that a bomb
    // is measured and refused as too_many_pixels, not mistaken for corrupt.
    if (format !== "heic") return await sharp(bytes, { limitInputPixels: false }).metadata();
    const { width, height, hasAlpha, exif, coded } = readHeifHeader(bytes);
    return { autoOrient: { width, height }, hasAlpha, coded, ...(exif && { exif }) };
  } catch (cause) {
    throw corrupt(format, cause);
  }
}

function unsupported(bytes: Uint8Array): ImageRejectedError {
  const accepted = acceptedTypeNames();
  const seen = describeUnsupported(bytes);
  return new ImageRejectedError(
    "unsupported_format",
    seen
      ? `The file is ${seen}, which is not accepted; upload a ${accepted} image.`
      : `The file is not an image in a supported format (${accepted}).`,
  );
}

function checkFrames(frames: number, limits: Limits): void {
  if (frames > limits.maxFrames) {
    throw new ImageRejectedError(
      "too_many_frames",
      `The animation has ${count(frames)} frames; the limit is ${count(limits.maxFrames)}.`,
    );
  }
}

function checkPixels(width: number, height: number, frames: number, limits: Limits): void {
  const pixels = width * height * frames;
  if (pixels <= limits.maxInputPixels) return;
  const limit = `the limit is ${count(limits.maxInputPixels)} pixels.`;
  throw new ImageRejectedError(
    "too_many_pixels",
    frames === 1
      ? `The image is ${width}×${height} pixels; ${limit}`
      : `The animation is ${width}×${height} pixels × ${frames} frames (${count(pixels)} pixels); ${limit}`,
  );
}

function animationOf(header: Header, frames: number): { delay: number[]; loop: number } {
  // GIFs without timing show each frame for 100 ms in browsers.
  const delay = Array.from({ length: frames }, (_, i) => header.delay?.[i] || 100);
  return { delay, loop: header.loop ?? 0 };
}

function count(n: number): string {
  return n.toLocaleString("en");
}
