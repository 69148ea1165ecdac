import * as z from "zod";
import { OUTPUT_FORMATS } from "../config/outputFormats.js";
import { REJECTION_CODES } from "../errors.js";

/**
 * The contract of the messages imgpipe publishes: one zod schema per event type, the
 * types inferred from them, and (in `schemas/`) the JSON Schema of each. This module
 * imports zod and nothing else with weight, so that a webhook receiver can use it.
 *
 * Versioning: a change that only adds fields keeps `version`; receivers must ignore
 * fields they do not know. A change that removes, renames or retypes a field bumps
 * `version`, and both versions are published side by side for one release.
 */
export const IMAGE_EVENT_TYPES = ["image.processed", "image.failed", "image.deleted"] as const;
export type ImageEventType = (typeof IMAGE_EVENT_TYPES)[number];

/** The version of the event bodies this code publishes and understands. */
export const IMAGE_EVENT_VERSION = 1;

const count = z.number().int().nonnegative();
const dimension = z.number().int().positive();

export const cameraDetailsSchema = z.object({
  make: z.string().optional(),
  model: z.string().optional(),
  /**
   * When the photo was taken, as the camera's clock said: `YYYY-MM-DDTHH:MM:SS`, with
   * the UTC offset appended when the camera recorded one (EXIF times have no zone).
   */
  capturedAt: z.string().optional(),
});
/** Camera details from EXIF, recorded only when the config's `processing.recordCamera` is on. */
export type CameraDetails = z.infer<typeof cameraDetailsSchema>;

export const renderedVariantSchema = z.object({
  name: z.string(),
  format: z.enum(OUTPUT_FORMATS),
  key: z.string(),
  width: dimension,
  height: dimension,
  bytes: count,
  contentType: z.string(),
  /** Frames in this output: more than 1 only for an animation kept animated. */
  frames: dimension,
});
export type RenderedVariant = z.infer<typeof renderedVariantSchema>;

export const sourceImageSchema = z.object({
  key: z.string(),
  /** S3 version id when the bucket is versioned, else the ETag: what identifies this upload. */
  revision: z.string(),
  bytes: count,
});
export type SourceImage = z.infer<typeof sourceImageSchema>;

/** What imgpipe learnt about an upload it processed. */
export const processedSourceSchema = sourceImageSchema.extend({
  format: z.string(),
  /** Upright dimensions (EXIF orientation applied), of one frame for an animation. */
  width: dimension,
  height: dimension,
  /** sha256 of the upload's bytes, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  hasAlpha: z.boolean(),
  animated: z.boolean(),
  /** Frames in the upload: 1 for a still image. */
  frames: dimension,
  /** The most common colour, `#rrggbb`. */
  dominantColour: z.string().regex(/^#[0-9a-f]{6}$/),
  /** A ThumbHash placeholder, base64. */
  thumbhash: z.string(),
  /** Only when the config's `processing.recordCamera` is on and the photo has them. */
  camera: cameraDetailsSchema.optional(),
});
export type ProcessedSource = z.infer<typeof processedSourceSchema>;

const imageIds = { ownerId: z.string().min(1), imageId: z.string().min(1) };

export const imageProcessedDataSchema = z.object({
  ...imageIds,
  source: processedSourceSchema,
  variants: z.array(renderedVariantSchema),
});
export type ImageProcessedData = z.infer<typeof imageProcessedDataSchema>;

export const imageFailedDataSchema = z.object({
  ...imageIds,
  source: sourceImageSchema,
  reason: z.object({ code: z.enum(REJECTION_CODES), message: z.string() }),
});
export type ImageFailedData = z.infer<typeof imageFailedDataSchema>;

/** An image removed by its owner: its original, every variant and its row are gone. */
export const imageDeletedDataSchema = z.object({
  ...imageIds,
  /** The upload the row last named, when it had one (a `pending` row has none). */
  source: sourceImageSchema.optional(),
});
export type ImageDeletedData = z.infer<typeof imageDeletedDataSchema>;

function envelopeSchema<T extends ImageEventType, D extends z.ZodType>(
  type: T,
  data: D,
  description: string,
) {
  return z
    .object({
      version: z.literal(IMAGE_EVENT_VERSION),
      /** Same for every delivery of the same event, so subscribers can drop duplicates. */
      id: z.string().regex(/^[0-9a-f]{32}$/),
      type: z.literal(type),
      time: z.iso.datetime(),
      data,
    })
    .meta({ title: `${type} v${IMAGE_EVENT_VERSION}`, description });
}

export const imageProcessedEventSchema = envelopeSchema(
  "image.processed",
  imageProcessedDataSchema,
  "An upload was rendered into its variants.",
);
export const imageFailedEventSchema = envelopeSchema(
  "image.failed",
  imageFailedDataSchema,
  "An upload was refused: it is not a usable image. data.reason says why.",
);
export const imageDeletedEventSchema = envelopeSchema(
  "image.deleted",
  imageDeletedDataSchema,
  "An image was deleted by its owner: its original, variants and row are gone.",
);

export type ImageProcessedEvent = z.infer<typeof imageProcessedEventSchema>;
export type ImageFailedEvent = z.infer<typeof imageFailedEventSchema>;
export type ImageDeletedEvent = z.infer<typeof imageDeletedEventSchema>;

/** Any event imgpipe publishes, told apart by `type`. */
export const imageEventSchema = z.discriminatedUnion("type", [
  imageProcessedEventSchema,
  imageFailedEventSchema,
  imageDeletedEventSchema,
]);
export type ImageEvent = z.infer<typeof imageEventSchema>;

/** The schema of each event type, for code that picks one by name. */
export const IMAGE_EVENT_SCHEMAS = {
  "image.processed": imageProcessedEventSchema,
  "image.failed": imageFailedEventSchema,
  "image.deleted": imageDeletedEventSchema,
} as const satisfies Record<ImageEventType, z.ZodType>;

/**
 * The JSON Schema (draft 2020-12) of one event type, as committed in
 * `functions/core/schemas/<type>.v<version>.schema.json`.
 */
export function imageEventJsonSchema(type: ImageEventType): Record<string, unknown> {
  return {
    $id: `urn:imgpipe:event:${type}:v${IMAGE_EVENT_VERSION}`,
    ...z.toJSONSchema(IMAGE_EVENT_SCHEMAS[type], { io: "input" }),
  };
}

/** The file name of an event type's JSON Schema. */
export function imageEventSchemaFile(type: ImageEventType): string {
  return `${type}.v${IMAGE_EVENT_VERSION}.schema.json`;
}
