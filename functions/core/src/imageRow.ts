import * as z from "zod";
import { OUTPUT_FORMATS } from "./config/outputFormats.js";
import { REJECTION_CODES } from "./errors.js";
import type { ProcessedSource, RenderedVariant, SourceImage } from "./events/eventSchemas.js";

/**
 * Where an image is in its life. `pending`: the API signed an upload that has not
 * arrived; `processing`: process-image holds the row; `processed` / `failed`: outcomes;
 * `deleted`: a tombstone that keeps late deliveries from bringing the image back.
 */
export const IMAGE_STATUSES = ["pending", "processing", "processed", "failed", "deleted"] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

const renderedVariantSchema = z.object({
  name: z.string(),
  format: z.enum(OUTPUT_FORMATS),
  key: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  contentType: z.string(),
  frames: z.number(),
}) satisfies z.ZodType<RenderedVariant>;

const sourceImageSchema = z.object({
  key: z.string(),
  revision: z.string(),
  bytes: z.number(),
}) satisfies z.ZodType<SourceImage>;

/** A processed row's source has everything; a failed one only what was known. */
const rowSourceSchema = sourceImageSchema.extend({
  format: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  sha256: z.string().optional(),
  hasAlpha: z.boolean().optional(),
  animated: z.boolean().optional(),
  frames: z.number().optional(),
  dominantColour: z.string().optional(),
  thumbhash: z.string().optional(),
  camera: z
    .object({
      make: z.string().optional(),
      model: z.string().optional(),
      capturedAt: z.string().optional(),
    })
    .optional(),
}) satisfies z.ZodType<SourceImage | ProcessedSource>;

/**
 * One row of the images table, keyed by `ownerId` + `imageId`. The API writes the
 * `pending` row and the tombstone, process-image everything in between; the API, the
 * CLI and the local cloud read rows only through this schema.
 */
export const imageRowSchema = z.object({
  ownerId: z.string(),
  imageId: z.string(),
  status: z.enum(IMAGE_STATUSES),
  /** ISO 8601, set once: the owner index sorts on it. A tombstone has none, so it leaves the index. */
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  /** ISO 8601: when the same bytes as the processed original last arrived again. */
  lastUploadAt: z.string().optional(),
  /** Epoch seconds: DynamoDB's TTL, on `pending` rows and tombstones only. */
  expiresAt: z.number().optional(),
  /** What the API signed for a `pending` row: the exact key, type and size to expect. */
  upload: z
    .object({ key: z.string(), fileName: z.string(), contentType: z.string(), bytes: z.number() })
    .optional(),
  source: rowSourceSchema.optional(),
  variants: z.array(renderedVariantSchema).optional(),
  failure: z.object({ code: z.enum(REJECTION_CODES), message: z.string() }).optional(),
  /** process-image's delivery bookkeeping: which upload the row is about, and who holds it. */
  sequencer: z.string().optional(),
  revision: z.string().optional(),
  leaseUntil: z.number().optional(),
  /** An event recorded with the row but not yet published (JSON). */
  pendingEvent: z.string().optional(),
  /** Incremented by every write after the first, so each write can check nothing came in between. */
  rowVersion: z.number().optional(),
});

export type ImageRow = z.output<typeof imageRowSchema>;

/**
 * Parses a row read from the table.
 *
 * @throws ZodError when the item is not an images-table row — a bug or a foreign writer,
 * never user input.
 * @example
 * const { Item } = await dynamo.send(new GetCommand({ TableName, Key }));
 * const row = Item && parseImageRow(Item);
 */
export function parseImageRow(item: unknown): ImageRow {
  return imageRowSchema.parse(item);
}
