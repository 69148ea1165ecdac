import { z } from "zod";

export const OUTPUT_FORMATS = ["webp", "jpeg"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const FITS = ["cover", "contain", "inside", "outside", "fill"] as const;

const dimension = z.number().int().min(1).max(8192);

export const variantSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "use lowercase letters, digits and dashes (max 32)"),
    width: dimension.optional(),
    height: dimension.optional(),
    fit: z.enum(FITS).default("inside"),
    withoutEnlargement: z.boolean().default(true),
    formats: z.array(z.enum(OUTPUT_FORMATS)).min(1).default(["webp", "jpeg"]),
    quality: z.number().int().min(1).max(100).default(80),
  })
  .refine((v) => v.width !== undefined || v.height !== undefined, {
    message: "a variant needs a width, a height or both",
  });

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

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  webp: "image/webp",
  jpeg: "image/jpeg",
};

export const FILE_EXTENSIONS: Record<OutputFormat, string> = {
  webp: "webp",
  jpeg: "jpg",
};
