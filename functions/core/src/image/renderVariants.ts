import sharp, { type Sharp } from "sharp";
import type { Limits } from "../config/pipelineConfig.js";
import { CONTENT_TYPES, type OutputFormat, type Variant } from "../config/variants.js";
import { corrupt, type ImageInfo } from "./inspectImage.js";

export interface RenderedImage {
  variant: string;
  format: OutputFormat;
  contentType: string;
  width: number;
  height: number;
  body: Buffer;
}

/**
 * Renders every variant in every format of an upload that `inspectImage` accepted.
 * The image is auto-oriented and its metadata (EXIF, GPS) is not copied to the outputs.
 *
 * @throws ImageRejectedError `corrupt_image` when decoding fails past the header
 */
export async function renderVariants(
  bytes: Uint8Array,
  info: ImageInfo,
  variants: readonly Variant[],
  limits: Limits,
): Promise<RenderedImage[]> {
  const decoded = sharp(bytes, {
    limitInputPixels: limits.maxInputPixels,
    failOn: "error",
  }).autoOrient();
  const jobs = variants.flatMap((variant) =>
    variant.formats.map((format) => renderOne(decoded, variant, format)),
  );
  try {
    return await Promise.all(jobs);
  } catch (cause) {
    throw corrupt(info.format, cause);
  }
}

async function renderOne(
  decoded: Sharp,
  variant: Variant,
  format: OutputFormat,
): Promise<RenderedImage> {
  const { data, info } = await decoded
    .clone()
    .resize({
      width: variant.width,
      height: variant.height,
      fit: variant.fit,
      withoutEnlargement: variant.withoutEnlargement,
    })
    .toFormat(format, { quality: variant.quality })
    .toBuffer({ resolveWithObject: true });
  return {
    variant: variant.name,
    format,
    contentType: CONTENT_TYPES[format],
    width: info.width,
    height: info.height,
    body: data,
  };
}
