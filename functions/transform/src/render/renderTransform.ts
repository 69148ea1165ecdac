import {
  CONTENT_TYPES,
  encodeAs,
  FORMAT_DEFAULTS,
  type FormatSettings,
  type ImageInfo,
  type OutputFormat,
  type Processing,
  type TransformSettings,
} from "@imgpipe/core";
import sharp, { type Sharp } from "sharp";
import type { Edits, Rgb } from "../parse/transformRequest.js";
import { applyFinish, needsFinish, type WatermarkImage } from "./finish.js";
import type { OutputPlan } from "./outputPlan.js";

export interface RenderedTransform {
  body: Buffer;
  format: OutputFormat;
  contentType: string;
  width: number;
  height: number;
}

export interface RenderInput {
  bytes: Uint8Array;
  info: ImageInfo;
  edits: Edits;
  plan: OutputPlan;
  format: OutputFormat;
  processing: Pick<Processing, "background">;
  /** The configured encoder effort per format. */
  effort: TransformSettings["effort"];
  /** The watermarks' pixels, in the order of `edits.watermarks`. */
  watermarks: readonly WatermarkImage[];
}

/** `max_bytes()` lowers the quality by this factor per attempt, down to `MIN_QUALITY`. */
const QUALITY_STEP = 0.75;
const MIN_QUALITY = 10;

/**
 * Renders one transform. The decode is the engine's: turned upright, shrunk on load
 * when the resize allows it (libvips does so when the resize follows the decode), sRGB,
 * no metadata copied out, first frame of an animation. Geometry (trim, crop, resize,
 * flips) and colour run in that one pipeline; what needs the resized pixels (a rotation
 * after the resize, rounded corners, watermarks) or several encodes (`max_bytes()`)
 * continues from raw pixels instead of decoding again.
 * The source passed process-image's checks when it was stored, so a failure here is
 * not the requester's: it is thrown as it is (a 500).
 */
export async function renderTransform(input: RenderInput): Promise<RenderedTransform> {
  const { edits, format } = input;
  const geometry = await geometryOf(input);
  const settings = formatSettings(format, edits.output.quality, input.effort);
  const flatten = flattenColour(edits, format, input.processing);
  if (!needsFinish(edits) && edits.output.maxBytes === undefined) {
    return encoded(geometry, settings, flatten);
  }
  const raw = await decodeToRaw(geometry);
  const finish = (settings: FormatSettings) =>
    applyFinish(fromRaw(raw), raw.info, edits, input.watermarks).then((pipeline) =>
      encoded(pipeline, settings, flatten),
    );
  let best = await finish(settings);
  const maxBytes = edits.output.maxBytes;
  let quality = "quality" in settings ? (settings.quality ?? 80) : undefined;
  while (
    maxBytes !== undefined &&
    quality !== undefined &&
    best.body.length > maxBytes &&
    quality > MIN_QUALITY
  ) {
    quality = Math.max(MIN_QUALITY, Math.round(quality * QUALITY_STEP));
    const attempt = await finish({ ...settings, quality } as FormatSettings);
    if (attempt.body.length < best.body.length) best = attempt;
  }
  return best;
}

async function geometryOf(input: RenderInput): Promise<Sharp> {
  const { bytes, info, edits, plan } = input;
  const pipeline = sharp(bytes, {
    failOn: "error",
    autoOrient: true,
    limitInputPixels: info.width * info.height,
  });
  if (edits.trim) {
    const background =
      edits.trim.corner === "bottom-right" ? await bottomRightPixel(bytes, info) : undefined;
    pipeline.trim({ threshold: edits.trim.tolerance, ...(background && { background }) });
  }
  if (plan.crop) pipeline.extract(plan.crop);
  if (plan.resize) {
    pipeline.resize({
      ...plan.resize,
      position: edits.placement,
      background: edits.fill ?? { r: 0, g: 0, b: 0, alpha: 0 },
    });
  }
  if (edits.flipVertical) pipeline.flip();
  if (edits.flipHorizontal) pipeline.flop();
  applyColour(pipeline, edits);
  return pipeline.toColourspace("srgb");
}

/** Thumbor's colour filters as one linear map per channel, then grayscale, blur, sharpen. */
function applyColour(pipeline: Sharp, edits: Edits): void {
  const contrast = edits.contrast === undefined ? 1 : 1 + edits.contrast / 100;
  const shift = (channel: number) =>
    128 * (1 - contrast) + 2.55 * ((edits.brightness ?? 0) + channel);
  if (edits.contrast !== undefined || edits.brightness !== undefined || edits.rgb) {
    const { r = 0, g = 0, b = 0 } = edits.rgb ?? {};
    // libvips applies grayscale first: one band takes one factor.
    if (edits.grayscale) pipeline.linear(contrast, shift((r + g + b) / 3));
    else pipeline.linear([contrast, contrast, contrast], [shift(r), shift(g), shift(b)]);
  }
  if (edits.equalize) pipeline.normalise();
  if (edits.grayscale) pipeline.grayscale();
  if (edits.blur !== undefined) pipeline.blur(edits.blur);
  if (edits.sharpen !== undefined) pipeline.sharpen({ sigma: edits.sharpen });
}

async function encoded(
  pipeline: Sharp,
  settings: FormatSettings,
  flatten: string | undefined,
): Promise<RenderedTransform> {
  const { data, info } = await encodeAs(pipeline, {
    settings,
    animated: false,
    ...(flatten && { flatten }),
  }).toBuffer({ resolveWithObject: true });
  const { format } = settings;
  return {
    body: data,
    format,
    contentType: CONTENT_TYPES[format],
    width: info.width,
    height: info.height,
  };
}

interface RawPixels {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

async function decodeToRaw(pipeline: Sharp): Promise<RawPixels> {
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, info: { width: info.width, height: info.height, channels: info.channels } };
}

function fromRaw({ data, info }: RawPixels): Sharp {
  return sharp(data, { raw: info });
}

/** The encoder settings of a transform: the URL's quality, else the engine's defaults; the configured effort. */
function formatSettings(
  format: OutputFormat,
  quality: number | undefined,
  effort: TransformSettings["effort"],
): FormatSettings {
  switch (format) {
    case "jpeg":
      return { format, quality: quality ?? FORMAT_DEFAULTS.jpeg.quality };
    case "webp":
      return { format, quality: quality ?? FORMAT_DEFAULTS.webp.quality, effort: effort.webp };
    case "avif":
      return { format, quality: quality ?? FORMAT_DEFAULTS.avif.quality, effort: effort.avif };
    case "png":
      return { format, ...(quality !== undefined && { quality }) };
  }
}

/** `background_color()` fills transparency in every format; JPEG always needs a colour. */
function flattenColour(
  edits: Edits,
  format: OutputFormat,
  processing: Pick<Processing, "background">,
) {
  const colour = edits.background ?? (format === "jpeg" ? (edits.fill ?? undefined) : undefined);
  if (colour && colour.alpha > 0) return hex(colour);
  return format === "jpeg" ? processing.background : undefined;
}

function hex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((n) => Math.round(n).toString(16).padStart(2, "0")).join("")}`;
}

async function bottomRightPixel(bytes: Uint8Array, info: ImageInfo) {
  const { data } = await sharp(bytes, { autoOrient: true })
    .extract({ left: info.width - 1, top: info.height - 1, width: 1, height: 1 })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { r: data[0] ?? 0, g: data[1] ?? 0, b: data[2] ?? 0 };
}
