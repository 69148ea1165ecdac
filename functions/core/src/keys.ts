import { createHash } from "node:crypto";
import {
  FILE_EXTENSIONS,
  type FormatSettings,
  OUTPUT_FORMATS,
  type OutputFormat,
} from "./config/outputFormats.js";
import type { Processing } from "./config/processing.js";
import type { Variant } from "./config/variants.js";
import { KeyLayoutError } from "./errors.js";

/**
 * Where every object lives. Uploads:
 *
 *   uploads/{ownerId}/{imageId}/{fileName}          (uploads bucket)
 *
 * Variants are immutable: their key contains a hash of the original's bytes and a hash
 * of the settings the variant was rendered with, so neither a new upload under the same
 * image id nor a changed variant setting ever rewrites a key that a CDN may hold.
 *
 *   images/{ownerId}/{imageId}/{sourceHash}/{variant}.{renderHash}.{ext}   (processed bucket)
 *
 * Keys written before the render hash existed (`{variant}.{ext}`) still parse.
 */
export const UPLOADS_PREFIX = "uploads/";
export const IMAGES_PREFIX = "images/";

const ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface UploadKey {
  ownerId: string;
  imageId: string;
  fileName: string;
}

export function isValidId(id: string): boolean {
  return ID.test(id);
}

export function uploadKey({ ownerId, imageId, fileName }: UploadKey): string {
  if (!isValidId(ownerId) || !isValidId(imageId)) {
    throw new KeyLayoutError("Owner and image ids use letters, digits, '_' and '-' only");
  }
  if (fileName.length === 0 || fileName.includes("/")) {
    throw new KeyLayoutError("A file name must be non-empty and contain no '/'");
  }
  return `${UPLOADS_PREFIX}${ownerId}/${imageId}/${fileName}`;
}

/** @throws KeyLayoutError when the key is not `uploads/{ownerId}/{imageId}/{fileName}` */
export function parseUploadKey(key: string): UploadKey {
  const parts = key.startsWith(UPLOADS_PREFIX) ? key.slice(UPLOADS_PREFIX.length).split("/") : [];
  const [ownerId = "", imageId = "", fileName = ""] = parts;
  if (parts.length !== 3 || !isValidId(ownerId) || !isValidId(imageId) || fileName === "") {
    throw new KeyLayoutError(
      `"${key}" is not an upload key: expected ${UPLOADS_PREFIX}{ownerId}/{imageId}/{fileName}`,
    );
  }
  return { ownerId, imageId, fileName };
}

export interface VariantKey {
  ownerId: string;
  imageId: string;
  /** The first 16 hex digits of the original's SHA-256. */
  sourceHash: string;
  variant: string;
  /** A short hash of the settings the variant was rendered with (see `renderSettingsHash`). */
  renderHash?: string;
  format: OutputFormat;
}

export function variantKey(key: VariantKey): string {
  const { ownerId, imageId, sourceHash, variant, renderHash, format } = key;
  const name = renderHash === undefined ? variant : `${variant}.${renderHash}`;
  return `${IMAGES_PREFIX}${ownerId}/${imageId}/${sourceHash}/${name}.${FILE_EXTENSIONS[format]}`;
}

/**
 * A short hash of everything that decides a variant's pixels in one format: its size,
 * fit, position and enlargement, the encoder settings, and the processing settings that
 * reach the output. Not its name (that is in the key already) nor its other formats.
 *
 * @example
 * renderSettingsHash(variant, { format: "webp", quality: 80, effort: 4 }, config.processing); // "3f9a0c1e"
 */
export function renderSettingsHash(
  variant: Pick<Variant, "width" | "height" | "fit" | "position" | "withoutEnlargement">,
  output: FormatSettings,
  processing: Pick<Processing, "background" | "maxAnimationFrames">,
): string {
  const { width, height, fit, position, withoutEnlargement } = variant;
  const settings = [
    width,
    height,
    fit,
    position,
    withoutEnlargement,
    output,
    processing.background,
    processing.maxAnimationFrames,
  ];
  return createHash("sha256").update(JSON.stringify(settings)).digest("hex").slice(0, 8);
}

const VARIANT_KEY =
  /^images\/([A-Za-z0-9_-]{1,128})\/([A-Za-z0-9_-]{1,128})\/([0-9a-f]{16})\/([a-z0-9][a-z0-9-]{0,31})(?:\.([0-9a-f]{8,16}))?\.([a-z]+)$/;

/** @throws KeyLayoutError when the key is not a variant key laid out by `variantKey` */
export function parseVariantKey(key: string): VariantKey {
  const match = VARIANT_KEY.exec(key);
  const format = OUTPUT_FORMATS.find((f) => FILE_EXTENSIONS[f] === match?.[6]);
  if (!match || !format) {
    throw new KeyLayoutError(
      `"${key}" is not a variant key: expected ${IMAGES_PREFIX}{ownerId}/{imageId}/{sourceHash}/{variant}.{renderHash}.{ext}`,
    );
  }
  const [, ownerId = "", imageId = "", sourceHash = "", variant = "", renderHash] = match;
  return { ownerId, imageId, sourceHash, variant, ...(renderHash && { renderHash }), format };
}

/**
 * On-demand transforms are kept under their own prefix of the processed bucket, where a
 * lifecycle rule expires them; a CDN miss reads them back instead of rendering again.
 *
 *   renditions/{ownerId}/{imageId}/{revision}/{requestHash}.{ext}   (processed bucket)
 */
export const RENDITIONS_PREFIX = "renditions/";

export interface RenditionKey {
  ownerId: string;
  imageId: string;
  /** The source's revision: the original's or the variant's source hash. */
  revision: string;
  /** A hash of everything that decides the pixels: the source, the edits, the format. */
  requestHash: string;
  format: OutputFormat;
}

export function renditionKey(key: RenditionKey): string {
  const { ownerId, imageId, revision, requestHash, format } = key;
  return `${RENDITIONS_PREFIX}${ownerId}/${imageId}/${revision}/${requestHash}.${FILE_EXTENSIONS[format]}`;
}

/** The key schema of the images table, shared by the infrastructure and the local cloud. */
export const IMAGES_TABLE_KEY = { partition: "ownerId", sort: "imageId" } as const;

/**
 * The images table's one index: an owner's images, newest first (query it with
 * `ScanIndexForward: false`). Rows without `createdAt` stay out of it, so whoever writes
 * a row the gallery should list sets `createdAt` (ISO 8601, UTC) once and keeps it.
 */
export const IMAGES_BY_OWNER_INDEX = {
  name: "by-owner-newest-first",
  partition: "ownerId",
  sort: "createdAt",
} as const;

/**
 * The images table's TTL attribute (epoch seconds). Only `pending` rows carry it, so an
 * upload that never arrives disappears; a write that leaves `pending` must remove it.
 */
export const IMAGES_TABLE_TTL_ATTRIBUTE = "expiresAt";

/**
 * The images table as `CreateTable` takes it: keys, the owner index, on-demand billing.
 * The local cloud and tests create it from this; Terraform from the same constants.
 */
export function imagesTableDefinition(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [
      { AttributeName: IMAGES_TABLE_KEY.partition, AttributeType: "S" as const },
      { AttributeName: IMAGES_TABLE_KEY.sort, AttributeType: "S" as const },
      { AttributeName: IMAGES_BY_OWNER_INDEX.sort, AttributeType: "S" as const },
    ],
    KeySchema: [
      { AttributeName: IMAGES_TABLE_KEY.partition, KeyType: "HASH" as const },
      { AttributeName: IMAGES_TABLE_KEY.sort, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: IMAGES_BY_OWNER_INDEX.name,
        KeySchema: [
          { AttributeName: IMAGES_BY_OWNER_INDEX.partition, KeyType: "HASH" as const },
          { AttributeName: IMAGES_BY_OWNER_INDEX.sort, KeyType: "RANGE" as const },
        ],
        Projection: { ProjectionType: "ALL" as const },
      },
    ],
  };
}
