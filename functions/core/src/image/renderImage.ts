import sharp from "sharp";
import { CONTENT_TYPES, type OutputFormat } from "../config/outputFormats.js";
import type { Processing } from "../config/processing.js";
import type { Variant } from "../config/variants.js";
import { type Animation, encodeAs } from "./encoders.js";
import { corrupt, type ImageInfo } from "./inspectImage.js";
import { type ImagePreview, previewOf } from "./preview.js";
import { fromRaw, type RawImage, toRaw } from "./rawImage.js";
import {
  type PlannedOutput,
  type PlannedVariant,
  planRender,
  type RenderPlan,
} from "./renderPlan.js";

/** One encoded output: a variant in one format. */
export interface RenderedImage {
  variant: string;
  format: OutputFormat;
  contentType: string;
  width: number;
  height: number;
  /** Frames in the output: 1 unless an animation stayed animated. */
  frames: number;
  body: Buffer;
}

export interface RenderResult {
  images: RenderedImage[];
  preview: ImagePreview;
}

/**
 * Renders every variant in every format of an upload that `inspectImage` accepted, and
 * its preview, from one decode. The image is turned upright, converted to sRGB (ICC
 * profiles and CMYK honoured, 16 bits reduced to 8) and no metadata is copied out.
 *
 * @throws ImageRejectedError `corrupt_image` when the upload fails to decode past its
 *   header. Failures after the decode concern our own pixels, not the upload, and are
 *   thrown as they are.
 * @example
 * const info = await inspectImage(bytes, config.limits, config.processing);
 * const { images, preview } = await renderImage(bytes, info, config.variants, config.processing);
 */
export async function renderImage(
  bytes: Uint8Array,
  info: ImageInfo,
  variants: readonly Variant[],
  processing: Pick<Processing, "background">,
): Promise<RenderResult> {
  const plan = planRender(info, variants, processing);
  const decoded = await decode(bytes, info, plan);
  const animation = info.animation;
  const [images, preview] = await Promise.all([
    Promise.all(plan.variants.map((variant) => renderVariant(decoded, variant, animation))),
    previewOf(decoded),
  ]);
  return { images: images.flat(), preview };
}

/** The one decode of the upload: shrunk on load when the variants allow it. */
async function decode(bytes: Uint8Array, info: ImageInfo, plan: RenderPlan): Promise<RawImage> {
  const pipeline = sharp(bytes, {
    failOn: "error",
    autoOrient: true,
    limitInputPixels: info.width * info.height * plan.frames,
    ...(plan.frames > 1 && { pages: plan.frames }),
  });
  if (plan.decodeSize) pipeline.resize({ ...plan.decodeSize, fit: "fill" });
  pipeline.toColourspace("srgb");
  try {
    return await toRaw(pipeline, plan.frames);
  } catch (cause) {
    // Only this step reads the upload's bytes, so only its failure means a bad upload.
    throw corrupt(info.format, cause);
  }
}

async function renderVariant(
  decoded: RawImage,
  variant: PlannedVariant,
  animation: Animation | undefined,
): Promise<RenderedImage[]> {
  const animated = variant.outputs.some((output) => output.animated);
  const frames = animated ? decoded.frames : 1;
  const resized = await toRaw(
    fromRaw(decoded, animated ? "all" : "first").resize(variant.resize),
    frames,
  );
  return Promise.all(
    variant.outputs.map((output) => encode(resized, variant.name, output, animation)),
  );
}

async function encode(
  resized: RawImage,
  variant: string,
  output: PlannedOutput,
  animation: Animation | undefined,
): Promise<RenderedImage> {
  const frames = output.animated ? resized.frames : 1;
  const pipeline = fromRaw(resized, output.animated ? "all" : "first");
  const body = await encodeAs(pipeline, output, frames > 1 ? animation : undefined).toBuffer();
  const { format } = output.settings;
  return {
    variant,
    format,
    contentType: CONTENT_TYPES[format],
    width: resized.width,
    height: resized.height,
    frames,
    body,
  };
}
