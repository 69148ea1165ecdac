import * as z from "zod";

/** Formats imgpipe writes variants in. */
export const OUTPUT_FORMATS = ["avif", "webp", "jpeg", "png"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const quality = z.number().int().min(1).max(100);

/**
 * One output format of a variant, with its encoder settings. In the config a format is
 * either its bare name (`"webp"`) or an object (`{ "format": "avif", "quality": 45 }`);
 * parsing resolves both to this shape, defaults filled in.
 *
 * - `quality`: 1–100 for the lossy formats. For png it is optional: set, the image is
 *   quantised to a palette of at most 256 colours at that quality; left out, png is lossless.
 * - `effort`: CPU spent on compression, webp 0–6 and avif 0–9; more is smaller and slower.
 *
 * Unknown keys are refused, so that `effort` on jpeg is an error rather than ignored.
 */
export const formatSettingsSchema = z.discriminatedUnion("format", [
  z.strictObject({ format: z.literal("jpeg"), quality: quality.optional() }),
  z.strictObject({
    format: z.literal("webp"),
    quality: quality.optional(),
    effort: z.number().int().min(0).max(6).optional(),
  }),
  z.strictObject({
    format: z.literal("avif"),
    quality: quality.optional(),
    effort: z.number().int().min(0).max(9).optional(),
  }),
  z.strictObject({ format: z.literal("png"), quality: quality.optional() }),
]);

/** A format as written in the config: its name, or an object with its settings. */
export const formatInputSchema = z.union([z.enum(OUTPUT_FORMATS), formatSettingsSchema]);
export type FormatInput = z.input<typeof formatInputSchema>;
type FormatSpec = z.output<typeof formatSettingsSchema>;

export type JpegSettings = { format: "jpeg"; quality: number };
export type WebpSettings = { format: "webp"; quality: number; effort: number };
export type AvifSettings = { format: "avif"; quality: number; effort: number };
export type PngSettings = { format: "png"; quality?: number };
/** A format with every encoder setting resolved. */
export type FormatSettings = JpegSettings | WebpSettings | AvifSettings | PngSettings;

/**
 * Encoder defaults. avif's quality scale is not jpeg's: 50 looks about like jpeg 80.
 * avif effort 3 is the benchmark's knee (bench/README.md): effort 4 took about four
 * times as long for 1 % fewer bytes, effort 2 wrote 12 % more.
 */
export const FORMAT_DEFAULTS = {
  jpeg: { quality: 80 },
  webp: { quality: 80, effort: 4 },
  avif: { quality: 50, effort: 3 },
} as const;

/**
 * Fills in a format's settings. `variantQuality` is the older variant-wide `quality`
 * field: it applies to the lossy formats that do not set their own.
 */
export function resolveFormat(input: FormatInput, variantQuality?: number): FormatSettings {
  // A bare name is the object form with nothing set.
  const spec = typeof input === "string" ? ({ format: input } as FormatSpec) : input;
  switch (spec.format) {
    case "jpeg":
      return { format: "jpeg", quality: lossyQuality(spec, variantQuality) };
    case "webp":
    case "avif":
      return {
        format: spec.format,
        quality: lossyQuality(spec, variantQuality),
        effort: ("effort" in spec ? spec.effort : undefined) ?? FORMAT_DEFAULTS[spec.format].effort,
      };
    case "png":
      return "quality" in spec && spec.quality !== undefined
        ? { format: "png", quality: spec.quality }
        : { format: "png" };
  }
}

function lossyQuality(
  spec: { format: "jpeg" | "webp" | "avif"; quality?: number },
  variantQuality: number | undefined,
): number {
  return spec.quality ?? variantQuality ?? FORMAT_DEFAULTS[spec.format].quality;
}

/** Formats that can carry an animation; the others get the first frame. */
export const ANIMATED_FORMATS: ReadonlySet<OutputFormat> = new Set(["webp"]);

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  avif: "image/avif",
  webp: "image/webp",
  jpeg: "image/jpeg",
  png: "image/png",
};

export const FILE_EXTENSIONS: Record<OutputFormat, string> = {
  avif: "avif",
  webp: "webp",
  jpeg: "jpg",
  png: "png",
};
