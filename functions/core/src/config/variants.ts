import * as z from "zod";
import { type FormatSettings, formatInputSchema, resolveFormat } from "./outputFormats.js";

export const FITS = ["cover", "contain", "inside", "outside", "fill"] as const;
export type Fit = (typeof FITS)[number];

/** Where `cover` crops and `contain` places the image: a gravity, or a smart crop. */
export const POSITIONS = [
  "centre",
  "north",
  "northeast",
  "east",
  "southeast",
  "south",
  "southwest",
  "west",
  "northwest",
  "attention",
  "entropy",
] as const;
export type Position = (typeof POSITIONS)[number];

const dimension = z.number().int().min(1).max(8192);

const variantInputSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "use lowercase letters, digits and dashes (max 32)"),
    width: dimension.optional(),
    height: dimension.optional(),
    fit: z.enum(FITS).default("inside"),
    /** `attention` and `entropy` pick the crop from the picture's content (cover only). */
    position: z.enum(POSITIONS).default("centre"),
    withoutEnlargement: z.boolean().default(true),
    formats: z.array(formatInputSchema).min(1).default(["webp", "jpeg"]),
    /** Quality of the lossy formats that do not set their own (the original, format-wide field). */
    quality: z.number().int().min(1).max(100).optional(),
  })
  .refine((v) => v.width !== undefined || v.height !== undefined, {
    message: "a variant needs a width, a height or both",
  })
  .refine((v) => new Set(v.formats.map(formatName)).size === v.formats.length, {
    message: "a variant lists each format once",
    path: ["formats"],
  });

/**
 * One rendition of every upload, e.g. a 160×160 thumbnail in webp and jpeg. Parsing
 * resolves each format's encoder settings, so the parsed variant is self-contained and
 * parses again to itself (it travels to the function as JSON).
 */
export const variantSchema = variantInputSchema.transform(({ quality, ...variant }) => ({
  ...variant,
  formats: variant.formats.map((format): FormatSettings => resolveFormat(format, quality)),
}));

export type Variant = z.output<typeof variantSchema>;
export type VariantInput = z.input<typeof variantSchema>;

export const variantListSchema = z
  .array(variantSchema)
  .min(1)
  .refine((list) => new Set(list.map((v) => v.name)).size === list.length, {
    message: "variant names must be unique",
  });

/** The variants every environment renders unless its config says otherwise. */
export const DEFAULT_VARIANTS: VariantInput[] = [
  { name: "thumb", width: 160, height: 160, fit: "cover" },
  { name: "medium", width: 640, height: 640, fit: "inside" },
  { name: "large", width: 1280, height: 1280, fit: "inside" },
];

function formatName(format: z.output<typeof formatInputSchema>): string {
  return typeof format === "string" ? format : format.format;
}
