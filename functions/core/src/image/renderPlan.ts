import { ANIMATED_FORMATS, type FormatSettings } from "../config/outputFormats.js";
import type { Processing } from "../config/processing.js";
import type { Fit, Position, Variant } from "../config/variants.js";
import type { ImageInfo } from "./inspectImage.js";

export interface Size {
  width: number;
  height: number;
}

/** What sharp's `resize` gets for one variant. */
export interface ResizeStep {
  width?: number;
  height?: number;
  fit: Fit;
  position: Position;
  withoutEnlargement: boolean;
  /** What `contain` pads with: transparent, so that jpeg shows the configured background. */
  background: { r: number; g: number; b: number; alpha: 0 };
}

export interface PlannedOutput {
  settings: FormatSettings;
  /** Keeps every decoded frame; false writes the first frame only. */
  animated: boolean;
  /** Colour to flatten transparency onto, for formats without alpha (jpeg). */
  flatten?: string;
}

export interface PlannedVariant {
  name: string;
  /** The variant whose pixels this one is resized from; undefined: from the decode. */
  from?: string;
  /** Undefined when the source already has the variant's size (the decode was shrunk to it). */
  resize?: ResizeStep;
  outputs: PlannedOutput[];
}

/**
 * How one upload becomes all its variants: decode once, shrunk on load to `decodeSize`
 * (the smallest size every variant can still be derived from), then resize each variant
 * from the smallest picture already made that is large enough (a cascade: thumb from
 * medium, medium from large), and encode each of its formats. The benchmark
 * (bench/README.md) measured this against one pipeline per output, sharp clones, a plain
 * cascade and every variant straight from the shrunk decode; it won.
 */
export interface RenderPlan {
  /** Frames to decode: more than 1 only for an animation. */
  frames: number;
  /** Upright size to decode to; undefined decodes at full size. */
  decodeSize?: Size;
  variants: PlannedVariant[];
  /** The variant the preview is computed from; undefined: from the decode. */
  previewFrom?: string;
}

/** ThumbHash, the preview, reads at most 100×100 pixels. */
export const PREVIEW_SIZE = 100;

/** A pure function of the header and the config: no pixels are touched here. */
export function planRender(
  info: Pick<ImageInfo, "width" | "height" | "framesToDecode">,
  variants: readonly Variant[],
  processing: Pick<Processing, "background">,
): RenderPlan {
  const source = { width: info.width, height: info.height };
  const scale = Math.min(1, Math.max(...variants.map((v) => scaleFor(source, v))));
  // Rounded like the variants' own sizes, so that the largest variant is the decode itself.
  const decodeSize = scale < 1 ? scaled(source, scale, Math.round) : undefined;
  const animated = info.framesToDecode > 1;
  // Intermediate pictures are reused only when shrunk (never enlarge twice) and still
  // (a first-frame picture cannot feed an animated variant).
  const cascade = decodeSize !== undefined && !animated;
  const sources = cascade ? cascadeSources(source, variants) : [];
  const preview = cascade ? previewSource(source, variants) : undefined;
  return {
    frames: info.framesToDecode,
    ...(decodeSize && { decodeSize }),
    ...(preview && { previewFrom: preview }),
    variants: variants.map((variant, i) => {
      const step = resizeStep(source, variant, decodeSize !== undefined, animated);
      const asDecoded =
        !sources[i] &&
        step.fit === "fill" &&
        step.width === decodeSize?.width &&
        step.height === decodeSize?.height;
      return {
        name: variant.name,
        ...(sources[i] && { from: sources[i] }),
        ...(!asDecoded && {
          resize: { ...step, background: { ...hexColour(processing.background), alpha: 0 } },
        }),
        outputs: variant.formats.map((settings) => ({
          settings,
          animated: animated && ANIMATED_FORMATS.has(settings.format),
          ...(settings.format === "jpeg" && { flatten: processing.background }),
        })),
      };
    }),
  };
}

/** The scale factor a variant needs from the upright source (above 1 enlarges). */
export function scaleFor(source: Size, variant: Pick<Variant, "width" | "height" | "fit">): number {
  const x = variant.width === undefined ? undefined : variant.width / source.width;
  const y = variant.height === undefined ? undefined : variant.height / source.height;
  if (x === undefined || y === undefined) return x ?? y ?? 1;
  return variant.fit === "inside" || variant.fit === "contain" ? Math.min(x, y) : Math.max(x, y);
}

/**
 * For each variant, the smallest variant that keeps the whole picture and is at least
 * as large: resizing from it costs far less than from the decode, for the same result.
 * Ties go to the earlier variant, so that no two variants feed each other.
 */
function cascadeSources(source: Size, variants: readonly Variant[]): (string | undefined)[] {
  const scales = variants.map((v) => scaleFor(source, v));
  return variants.map((_, i) => {
    const own = scales[i] ?? 1;
    let best: number | undefined;
    variants.forEach((candidate, j) => {
      const scale = scales[j] ?? 0;
      const larger = scale > own || (scale === own && j < i);
      if (!larger || !keepsWholePicture(candidate)) return;
      if (best === undefined || scale < (scales[best] ?? 0)) best = j;
    });
    return best === undefined ? undefined : variants[best]?.name;
  });
}

/** The smallest whole-picture variant still larger than the preview needs. */
function previewSource(source: Size, variants: readonly Variant[]): string | undefined {
  const candidates = variants
    .filter(keepsWholePicture)
    .map((v) => ({ name: v.name, size: scaled(source, scaleFor(source, v), Math.round) }))
    .filter(({ size }) => Math.max(size.width, size.height) >= PREVIEW_SIZE)
    .sort((a, b) => a.size.width - b.size.width);
  return candidates[0]?.name;
}

/** Not cropped, not padded, not distorted: the whole picture at some scale. */
function keepsWholePicture(variant: Variant): boolean {
  const oneSide = variant.width === undefined || variant.height === undefined;
  return oneSide || variant.fit === "inside" || variant.fit === "outside";
}

/**
 * From a shrunk decode, `inside` and `outside` variants resize to the exact size they
 * would have had from the original (so rounding does not drift by a pixel); the fits
 * that fill a box give that box. Enlargement cannot happen: the decode is large enough.
 * From a full-size decode the variant's own settings apply unchanged.
 */
function resizeStep(
  source: Size,
  variant: Variant,
  shrunk: boolean,
  animated: boolean,
): Omit<ResizeStep, "background"> {
  // libvips cannot run a smart crop over the frames of an animation; centre them.
  const smart = variant.position === "attention" || variant.position === "entropy";
  const position = animated && smart ? "centre" : variant.position;
  const keepsAspect = variant.fit === "inside" || variant.fit === "outside";
  const oneSide = variant.width === undefined || variant.height === undefined;
  if (!shrunk || !(keepsAspect || oneSide)) {
    return {
      width: variant.width,
      height: variant.height,
      fit: variant.fit,
      position,
      withoutEnlargement: variant.withoutEnlargement,
    };
  }
  const exact = scaled(source, scaleFor(source, variant), Math.round);
  return { ...exact, fit: "fill", position, withoutEnlargement: false };
}

function scaled(size: Size, scale: number, round: (n: number) => number): Size {
  return {
    width: Math.max(1, Math.min(size.width, round(size.width * scale))),
    height: Math.max(1, Math.min(size.height, round(size.height * scale))),
  };
}

function hexColour(hex: string): { r: number; g: number; b: number } {
  const n = Number.parseInt(hex.slice(1), 16);
  return { r: (n >> 16) & 0xff, g: (n >> 8) & 0xff, b: n & 0xff };
}
