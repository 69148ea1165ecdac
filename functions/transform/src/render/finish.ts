import sharp, { type OverlayOptions, type Sharp } from "sharp";
import type { Edits, Offset, Watermark } from "../parse/transformRequest.js";

/** A watermark's decoded pixels (RGBA). */
export interface WatermarkImage {
  data: Buffer;
  width: number;
  height: number;
}

/** True when the edits need the resized pixels: a rotation, rounded corners, watermarks. */
export function needsFinish(edits: Edits): boolean {
  return (
    edits.rotate !== undefined || edits.roundCorners !== undefined || edits.watermarks.length > 0
  );
}

/**
 * What Thumbor does after the resize, on the resized RGBA pixels: watermarks, rounded
 * corners, then the rotation (clockwise, the padding transparent or the fill colour).
 */
export async function applyFinish(
  pipeline: Sharp,
  size: { width: number; height: number },
  edits: Edits,
  watermarks: readonly WatermarkImage[],
): Promise<Sharp> {
  const overlays: OverlayOptions[] = [];
  for (const [i, watermark] of edits.watermarks.entries()) {
    const image = watermarks[i];
    if (image) overlays.push(await overlayOf(watermark, image, size));
  }
  if (edits.roundCorners) overlays.push(cornerMask(edits.roundCorners, size));
  let result = overlays.length > 0 ? await flattened(pipeline.composite(overlays)) : pipeline;
  if (edits.roundCorners?.colour)
    result = result.flatten({ background: edits.roundCorners.colour });
  if (edits.rotate !== undefined) {
    result = (await flattened(result)).rotate(edits.rotate, {
      background: edits.fill ?? { r: 0, g: 0, b: 0, alpha: 0 },
    });
  }
  return result;
}

/** A new pipeline over a pipeline's RGBA output: sharp runs one composite and one rotation per pipeline. */
async function flattened(pipeline: Sharp): Promise<Sharp> {
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

function cornerMask(
  corners: NonNullable<Edits["roundCorners"]>,
  size: { width: number; height: number },
): OverlayOptions {
  const { width, height } = size;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" rx="${corners.rx}" ry="${corners.ry}"/></svg>`;
  return { input: Buffer.from(svg), blend: "dest-in" };
}

async function overlayOf(
  watermark: Watermark,
  image: WatermarkImage,
  size: { width: number; height: number },
): Promise<OverlayOptions> {
  const maxWidth = Math.round((size.width * (watermark.maxWidthPercent ?? 100)) / 100);
  const maxHeight = Math.round((size.height * (watermark.maxHeightPercent ?? 100)) / 100);
  const opacity = 1 - watermark.transparency / 100;
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 4 },
  })
    .resize({ width: maxWidth, height: maxHeight, fit: "inside", withoutEnlargement: true })
    .linear([1, 1, 1, opacity], [0, 0, 0, 0])
    .raw()
    .toBuffer({ resolveWithObject: true });
  const input = { raw: { width: info.width, height: info.height, channels: 4 as const } };
  if (watermark.x.kind === "repeat" || watermark.y.kind === "repeat")
    return { input: data, ...input, tile: true };
  return {
    input: data,
    ...input,
    left: position(watermark.x, size.width, info.width),
    top: position(watermark.y, size.height, info.height),
  };
}

/** Thumbor's offsets: pixels from the start (negative: from the end), a percentage, or centred. */
function position(offset: Offset, outer: number, inner: number): number {
  const room = Math.max(0, outer - inner);
  switch (offset.kind) {
    case "centre":
      return Math.round(room / 2);
    case "percent":
      return clamp(
        Math.round(((offset.value < 0 ? 100 + offset.value : offset.value) / 100) * room),
        room,
      );
    case "pixels":
      return clamp(offset.value < 0 ? room + offset.value : offset.value, room);
    case "repeat":
      return 0;
  }
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(0, value), max);
}
