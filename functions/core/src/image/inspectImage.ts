import sharp, { type Metadata } from "sharp";
import type { Limits } from "../config/pipelineConfig.js";
import { ImageRejectedError } from "../errors.js";
import { detectFormat, type InputFormat } from "./detectFormat.js";

export interface ImageInfo {
  format: InputFormat;
  /** Dimensions as displayed, after EXIF orientation. */
  width: number;
  height: number;
  bytes: number;
}

/**
 * Checks an upload against the limits from its header alone, before anything is
 * decoded, and returns what it is.
 *
 * @throws ImageRejectedError with a code from REJECTION_CODES and a sentence for people
 */
export async function inspectImage(bytes: Uint8Array, limits: Limits): Promise<ImageInfo> {
  if (bytes.length === 0) {
    throw new ImageRejectedError("empty_file", "The file is empty.");
  }
  if (bytes.length > limits.maxUploadBytes) {
    throw new ImageRejectedError(
      "file_too_large",
      `The file is ${formatBytes(bytes.length)}; the limit is ${formatBytes(limits.maxUploadBytes)}.`,
    );
  }
  const format = detectFormat(bytes);
  if (!format) {
    throw new ImageRejectedError(
      "unsupported_format",
      "The file is not an image in a supported format (JPEG, PNG, WebP, GIF, TIFF or AVIF).",
    );
  }
  let header: Metadata;
  try {
    header = await sharp(bytes).metadata();
  } catch (cause) {
    throw corrupt(format, cause);
  }
  const { width, height } = header;
  if (!width || !height) throw corrupt(format);
  if (width * height > limits.maxInputPixels) {
    throw new ImageRejectedError(
      "too_many_pixels",
      `The image is ${width}×${height} pixels; the limit is ${limits.maxInputPixels.toLocaleString("en")} pixels.`,
    );
  }
  const rotated = (header.orientation ?? 1) >= 5;
  return {
    format,
    width: rotated ? height : width,
    height: rotated ? width : height,
    bytes: bytes.length,
  };
}

export function corrupt(format: InputFormat, cause?: unknown): ImageRejectedError {
  return new ImageRejectedError(
    "corrupt_image",
    `The file starts like a ${format.toUpperCase()} image but cannot be decoded: it is truncated or corrupt.`,
    { cause },
  );
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
