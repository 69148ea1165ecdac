import type { Fit, Size, TransformSettings } from "@imgpipe/core";
import { TransformError } from "../errors.js";
import type { Edits } from "../parse/transformRequest.js";

/** The edits resolved against one source: what sharp gets, and the size it will give. */
export interface OutputPlan {
  /** The manual crop, clamped to the source. */
  crop?: { left: number; top: number; width: number; height: number };
  /** Undefined: no resize (the picture keeps its size). */
  resize?: { width?: number; height?: number; fit: Fit; withoutEnlargement: boolean };
  /** The size the resize gives, before any rotation. */
  resized: Size;
  /** The output's size before any trim (which depends on the pixels). */
  size: Size;
}

/**
 * Resolves `orig`, `proportion()`/`dpr`, the adaptive swap and the crop against the
 * source's upright size, predicts the output's size and checks it against the limits.
 * Pure: the same numbers sharp will compute, before any pixel is decoded.
 *
 * @throws TransformError `cannot_apply` for a crop outside the image, `too_large` beyond the limits
 */
export function planOutput(
  source: Size,
  edits: Edits,
  limits: Pick<TransformSettings, "maxOutputSide" | "maxOutputPixels">,
): OutputPlan {
  const crop = edits.crop && clampCrop(edits.crop, source);
  const base = crop
    ? { width: crop.width, height: crop.height }
    : { width: source.width, height: source.height };
  const resize = resolveResize(base, edits.resize);
  const resized = resize ? resizedSize(base, resize) : base;
  const size = rotatedSize(resized, edits.rotate);
  checkLimits(size, limits);
  return { ...(crop && { crop }), ...(resize && { resize }), resized, size };
}

function clampCrop(crop: NonNullable<Edits["crop"]>, source: Size) {
  const right = Math.min(crop.left + crop.width, source.width);
  const bottom = Math.min(crop.top + crop.height, source.height);
  if (crop.left >= source.width || crop.top >= source.height) {
    throw new TransformError(
      "cannot_apply",
      `The crop starts at ${crop.left}x${crop.top}, outside the ${source.width}×${source.height} image.`,
    );
  }
  return { left: crop.left, top: crop.top, width: right - crop.left, height: bottom - crop.top };
}

function resolveResize(base: Size, resize: Edits["resize"]): OutputPlan["resize"] {
  const side = (value: number | "orig" | undefined, own: number) =>
    value === undefined
      ? undefined
      : Math.max(1, Math.round((value === "orig" ? own : value) * resize.scale));
  let width = side(resize.width, base.width);
  let height = side(resize.height, base.height);
  if (width === undefined && height === undefined) {
    if (resize.scale === 1) return undefined;
    width = Math.max(1, Math.round(base.width * resize.scale));
  }
  if (resize.adaptive && width !== undefined && height !== undefined) {
    const boxLandscape = width > height;
    const imageLandscape = base.width > base.height;
    if (boxLandscape !== imageLandscape) [width, height] = [height, width];
  }
  return {
    ...(width !== undefined && { width }),
    ...(height !== undefined && { height }),
    fit: resize.fit,
    withoutEnlargement: !resize.enlarge,
  };
}

/** The size sharp's resize gives for these settings. */
function resizedSize(base: Size, resize: NonNullable<OutputPlan["resize"]>): Size {
  const { width, height, fit, withoutEnlargement } = resize;
  const x = width === undefined ? undefined : width / base.width;
  const y = height === undefined ? undefined : height / base.height;
  const boxFilled =
    x !== undefined && y !== undefined && (fit === "cover" || fit === "fill" || fit === "contain");
  if (boxFilled && !withoutEnlargement) return { width: width ?? 1, height: height ?? 1 };
  let scale: number;
  if (x === undefined || y === undefined) scale = x ?? y ?? 1;
  else scale = fit === "outside" ? Math.max(x, y) : Math.min(x, y);
  if (boxFilled) {
    // Without enlargement, sharp leaves an image smaller than the box as it is.
    if (x !== undefined && y !== undefined && x >= 1 && y >= 1) return base;
    return { width: Math.min(width ?? 1, base.width), height: Math.min(height ?? 1, base.height) };
  }
  if (withoutEnlargement) scale = Math.min(scale, 1);
  return {
    width:
      x !== undefined && scale === x && width !== undefined
        ? width
        : Math.max(1, Math.round(base.width * scale)),
    height:
      y !== undefined && scale === y && height !== undefined
        ? height
        : Math.max(1, Math.round(base.height * scale)),
  };
}

function rotatedSize(size: Size, angle: number | undefined): Size {
  if (!angle || angle === 180) return size;
  if (angle === 90 || angle === 270) return { width: size.height, height: size.width };
  const radians = (angle * Math.PI) / 180;
  const cos = Math.abs(Math.cos(radians));
  const sin = Math.abs(Math.sin(radians));
  return {
    width: Math.round(size.width * cos + size.height * sin),
    height: Math.round(size.width * sin + size.height * cos),
  };
}

function checkLimits(
  size: Size,
  limits: Pick<TransformSettings, "maxOutputSide" | "maxOutputPixels">,
): void {
  const side = Math.max(size.width, size.height);
  if (side > limits.maxOutputSide || size.width * size.height > limits.maxOutputPixels) {
    throw new TransformError(
      "too_large",
      `The output would be ${size.width}×${size.height} pixels; the limit is ${limits.maxOutputSide} pixels a side and ${limits.maxOutputPixels.toLocaleString("en")} pixels in all.`,
    );
  }
}
