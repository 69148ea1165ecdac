import type { OutputFormat, RenderedVariant, Size } from "@imgpipe/core";
import type { Edits } from "../parse/transformRequest.js";
import type { OutputPlan } from "../render/outputPlan.js";

/** What the images-table row says of one stored variant. */
export type StoredVariant = Pick<RenderedVariant, "name" | "key" | "format" | "width" | "height">;

/**
 * How many variant pixels, per side, stand behind each output pixel at least: from two
 * on, the resize averages most of the variant's coding artefacts away (what is left is
 * measured in bench/README.md).
 */
export const MIN_VARIANT_SHRINK = 2;

/**
 * Formats whose decoders cost less than the original's they replace (an AVIF decodes
 * slowly), closest to the original first: PNG is lossless, and a JPEG at quality 80
 * keeps more detail than a WebP at the same quality.
 */
const FAST_DECODES: readonly OutputFormat[] = ["png", "jpeg", "webp"];

/**
 * The stored variant of an original that a transform can be rendered from instead of the
 * original itself: the smallest one that shows the whole picture, keeps its transparency
 * and has at least `MIN_VARIANT_SHRINK` pixels a side for each output pixel (of two that
 * size, the more faithful format). Decoding a 1280-pixel variant instead of a
 * 24-megapixel or progressive JPEG (or a HEIC) is most of a transform's work saved.
 * Undefined when the edits need the original's own pixels: a crop or trim (in its
 * coordinates), no resize, or an output close to its size.
 */
export function coveringVariant(
  original: Size & { hasAlpha: boolean },
  variants: readonly StoredVariant[],
  edits: Edits,
  plan: OutputPlan,
): StoredVariant | undefined {
  if (edits.crop || edits.trim || !plan.resize) return undefined;
  const needed = scaledPicture(original, plan.resize);
  const covering = variants.filter(
    (v) =>
      FAST_DECODES.includes(v.format) &&
      (v.format !== "jpeg" || !original.hasAlpha) &&
      wholePicture(v, original) &&
      v.width >= needed.width * MIN_VARIANT_SHRINK &&
      v.height >= needed.height * MIN_VARIANT_SHRINK,
  );
  const rank = (v: StoredVariant) => FAST_DECODES.indexOf(v.format);
  return covering.sort((a, b) => a.width * a.height - b.width * b.height || rank(a) - rank(b))[0];
}

/**
 * The plan rendered from a variant: the output the original would have given, to the
 * pixel. Rounding a variant's size once more could make a box-free resize (`fit-in`, one
 * side given) a pixel off, so that one is stretched to the planned size exactly.
 */
export function planForVariant(plan: OutputPlan): OutputPlan {
  const { resize } = plan;
  if (!resize) return plan;
  const boxed = resize.width !== undefined && resize.height !== undefined;
  if (boxed && resize.fit !== "inside" && resize.fit !== "outside") return plan;
  return {
    ...plan,
    resize: { ...plan.resized, fit: "fill", withoutEnlargement: false },
  };
}

/** The whole picture scaled as the resize scales it, before a box crops or pads it. */
function scaledPicture(original: Size, resize: NonNullable<OutputPlan["resize"]>): Size {
  const x = resize.width === undefined ? undefined : resize.width / original.width;
  const y = resize.height === undefined ? undefined : resize.height / original.height;
  if (x === undefined || y === undefined) {
    const scale = x ?? y ?? 1;
    return { width: original.width * scale, height: original.height * scale };
  }
  if (resize.fit === "fill") return { width: original.width * x, height: original.height * y };
  const scale =
    resize.fit === "cover" || resize.fit === "outside" ? Math.max(x, y) : Math.min(x, y);
  return { width: original.width * scale, height: original.height * scale };
}

/** True when the variant is the original scaled (its aspect within a pixel's rounding), not a crop of it. */
function wholePicture(variant: Size, original: Size): boolean {
  const skew = Math.abs(variant.width * original.height - variant.height * original.width);
  return skew <= Math.max(original.width, original.height);
}
