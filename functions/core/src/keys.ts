import { FILE_EXTENSIONS, type OutputFormat } from "./config/outputFormats.js";
import { KeyLayoutError } from "./errors.js";

/**
 * Where every object lives. Uploads:
 *
 *   uploads/{ownerId}/{imageId}/{fileName}          (uploads bucket)
 *
 * Variants are immutable: their key contains a hash of the original's bytes, so a new
 * upload under the same image id gets new keys and the CDN never serves a stale copy.
 *
 *   images/{ownerId}/{imageId}/{sourceHash}/{variant}.{ext}   (processed bucket)
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
  sourceHash: string;
  variant: string;
  format: OutputFormat;
}

export function variantKey({ ownerId, imageId, sourceHash, variant, format }: VariantKey): string {
  return `${IMAGES_PREFIX}${ownerId}/${imageId}/${sourceHash}/${variant}.${FILE_EXTENSIONS[format]}`;
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
