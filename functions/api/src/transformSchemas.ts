import { z } from "@hono/zod-openapi";

const field = (description: string, example: string) =>
  z.string().optional().openapi({ description, example });

/**
 * The edit parameters of `POST /transform`, as the OpenAPI document shows them. They are
 * strings here on purpose: their one reading is the transform package's query-form
 * parser, which also gives the reasons for a bad value.
 */
export const EditFields = {
  w: field("Width in CSS pixels (multiplied by `dpr`)", "320"),
  h: field("Height in CSS pixels (multiplied by `dpr`)", "240"),
  fit: field(
    "`cover`, `contain`, `fill`, `inside` or `outside`; `cover` with both sides, else `inside`",
    "cover",
  ),
  fm: field("`avif`, `webp`, `jpeg`, `png` or `auto` (from `Accept`, the default)", "webp"),
  q: field("Quality, 1–100", "75"),
  blur: field("Gaussian blur sigma, 0.3–1000", "2"),
  dpr: field("Device pixel ratio, 1–4", "2"),
};

export const TransformQuerySchema = z.strictObject(
  Object.fromEntries(
    Object.entries(EditFields).map(([name, schema]) => [
      name,
      schema.openapi({ param: { name, in: "query" } }),
    ]),
  ) as typeof EditFields,
);

export const TransformFormSchema = z
  .strictObject({
    file: z
      .custom<File>((value) => value instanceof File, "attach the image as a file part named file")
      .openapi({
        type: "string",
        format: "binary",
        description: "The image: JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC (told from its bytes)",
      }),
    ...EditFields,
  })
  .openapi("TransformForm");
