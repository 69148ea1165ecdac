import sharp from "sharp";
import { CONTENT_TYPES, type OutputFormat } from "../config/outputFormats.js";
import type { Processing } from "../config/processing.js";
import type { Variant } from "../config/variants.js";
import { type Animation, encodeAs } from "./encoders.js";
import { decodeHeic } from "./heic/heicDecoder.js";
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
 * profiles and CMYK honoured, 16 and 10 bits reduced to 8) and no metadata is copied out.
 *
 * @throws ImageRejectedError `corrupt_image` when the upload fails to decode past its
 *   header (`unsupported_format` for a HEIF of a kind libheif cannot decode). Failures
 *   after the decode concern our own pixels, not the upload, and are thrown as they are.
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
  const pictureOf = pictures(decoded, plan);
  const animation = info.animation;
  const [images, preview] = await Promise.all([
    Promise.all(
      plan.variants.map(async (variant) => {
        const picture = await pictureOf(variant.name);
        return Promise.all(
          variant.outputs.map((output) => encode(picture, variant.name, output, animation)),
        );
      }),
    ),
    previewOf(plan.previewFrom ? await pictureOf(plan.previewFrom) : decoded),
  ]);
  return { images: images.flat(), preview };
}

/**
 * Each variant's resized pixels, made once and on demand, from the picture the plan
 * names: independent variants resize in parallel, a cascade waits for its source.
 */
function pictures(decoded: RawImage, plan: RenderPlan): (name: string) => Promise<RawImage> {
  const made = new Map<string, Promise<RawImage>>();
  const pictureOf = (name: string): Promise<RawImage> => {
    const existing = made.get(name);
    if (existing) return existing;
    const variant = plan.variants.find((v) => v.name === name);
    if (!variant) throw new Error(`The render plan has no variant ${name}`);
    const source = variant.from ? pictureOf(variant.from) : Promise.resolve(decoded);
    const picture = source.then((pixels) => resized(pixels, variant));
    made.set(name, picture);
    return picture;
  };
  return pictureOf;
}

/**
 * The one decode of the upload: shrunk on load when the variants allow it. A HEIC, which
 * sharp cannot read, comes in as libheif's upright pixels with their profile attached.
 */
async function decode(bytes: Uint8Array, info: ImageInfo, plan: RenderPlan): Promise<RawImage> {
  const input = info.format === "heic" ? await decodeHeic(bytes) : bytes;
  const pipeline = sharp(input, {
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

/** A variant's pixels: every frame if one of its outputs is animated, else the first. */
async function resized(source: RawImage, variant: PlannedVariant): Promise<RawImage> {
  if (!variant.resize) return source;
  const animated = variant.outputs.some((output) => output.animated);
  return toRaw(
    fromRaw(source, animated ? "all" : "first").resize(variant.resize),
    animated ? source.frames : 1,
  );
}

async function encode(
  picture: RawImage,
  variant: string,
  output: PlannedOutput,
  animation: Animation | undefined,
): Promise<RenderedImage> {
  const frames = output.animated ? picture.frames : 1;
  const pipeline = fromRaw(picture, output.animated ? "all" : "first");
  const body = await encodeAs(pipeline, output, frames > 1 ? animation : undefined).toBuffer();
  const { format } = output.settings;
  return {
    variant,
    format,
    contentType: CONTENT_TYPES[format],
    width: picture.width,
    height: picture.height,
    frames,
    body,
  };
}
