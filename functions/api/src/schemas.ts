import { z } from "@hono/zod-openapi";
import { type ImageStatus, isValidId, REJECTION_CODES, type ResponsiveImage } from "@imgpipe/core";

/** The body of every error answer (RFC 9457). */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "https://imgpipe.dev/problems/not-found" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string().openapi({ example: "not_found" }),
    invalidParams: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
  })
  .openapi("Problem");

export const UploadRequestSchema = z
  .strictObject({
    filename: z.string().min(1).max(1024).openapi({ example: "beach.jpg" }),
    contentType: z.string().min(1).max(255).openapi({ example: "image/jpeg" }),
    bytes: z.number().int().positive().openapi({ example: 2_811_233 }),
  })
  .openapi("UploadRequest");

export const UploadResponseSchema = z
  .object({
    imageId: z.string().openapi({ example: "01JD8X6Q7T3R9M2K5V4N8B1C0A" }),
    upload: z.object({
      url: z.string().openapi({ description: "POST a multipart form here" }),
      fields: z.record(z.string(), z.string()).openapi({
        description: "Form fields to send as they are, before the `file` field",
      }),
    }),
    expiresAt: z.string().openapi({ description: "When the presigned POST stops working" }),
  })
  .openapi("Upload");

const VariantSchema = z
  .object({
    name: z.string(),
    format: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    bytes: z.number().int(),
    contentType: z.string(),
    url: z.string().openapi({ description: "Served by the CDN" }),
  })
  .openapi("Variant");

const ResponsiveSchema = z
  .object({
    revision: z.string().openapi({
      description:
        "The original's revision the URLs are pinned to (the first 16 hex digits of its SHA-256): a replaced original gets new URLs, and the old ones redirect to the current revision",
      example: "0f3a9c1b2d4e5f60",
    }),
    srcset: z.string().openapi({
      description:
        "Signed transform URLs with their widths (`<url> <width>w, …`, smallest first), for `<img srcset>` with a `sizes` attribute. The CDN answers AVIF, WebP or JPEG from `Accept`",
    }),
    src: z.string().openapi({ description: "The widest candidate, for `<img src>`" }),
    candidates: z
      .array(
        z.object({
          width: z.number().int(),
          height: z.number().int(),
          url: z.string(),
        }),
      )
      .openapi({ description: "The same URLs with their sizes" }),
    expiresAt: z.string().optional().openapi({
      description: "When the URLs stop working (403), if the environment makes them expire",
    }),
  })
  .openapi("Responsive") satisfies z.ZodType<ResponsiveImage>;

export const ImageSchema = z
  .object({
    id: z.string(),
    status: z.enum(["pending", "processing", "processed", "failed"] satisfies ImageStatus[]),
    fileName: z.string().optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    format: z.string().optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    bytes: z.number().int().optional(),
    animated: z.boolean().optional(),
    thumbhash: z.string().optional().openapi({ description: "ThumbHash placeholder, base64" }),
    dominantColour: z.string().optional().openapi({ example: "#384868" }),
    variants: z.array(VariantSchema),
    responsive: ResponsiveSchema.optional().openapi({
      description:
        "Signed, responsive transform URLs of a processed image; only where on-demand transforms are on (`features.transform`)",
    }),
    failure: z
      .object({ code: z.enum(REJECTION_CODES), message: z.string() })
      .optional()
      .openapi({ description: "Why processing refused the upload (status `failed` only)" }),
  })
  .openapi("Image");

export const ImagePageSchema = z
  .object({
    items: z.array(ImageSchema),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: "Pass as `cursor` for the next page; null on the last page" }),
  })
  .openapi("ImagePage");

export const ImageIdParamSchema = z.object({
  id: z
    .string()
    .refine(isValidId, "an image id has 1–128 letters, digits, '_' or '-'")
    .openapi({ param: { name: "id", in: "path" }, example: "01JD8X6Q7T3R9M2K5V4N8B1C0A" }),
});

export const ListQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .openapi({ param: { name: "limit", in: "query" }, example: 25 }),
  cursor: z
    .string()
    .max(2048)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "From `nextCursor`" }),
});

export type ImageView = z.infer<typeof ImageSchema>;
