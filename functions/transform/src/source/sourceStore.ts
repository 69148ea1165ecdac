import { GetObjectCommand, NoSuchKey, type S3Client } from "@aws-sdk/client-s3";
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { parseVariantKey, revisionOf } from "@imgpipe/core";
import { TransformError } from "../errors.js";
import type { SourceRef } from "../parse/transformRequest.js";
import type { StoredVariant } from "./coveringVariant.js";

/** A stored image a transform reads, resolved but not yet downloaded. */
export type ResolvedSource =
  | {
      kind: "original";
      ownerId: string;
      imageId: string;
      /** The current original's revision (first 16 hex digits of its SHA-256). */
      revision: string;
      bucket: string;
      key: string;
      versionId?: string;
      /** Whether the URL named this revision (else: the URL follows the current original). */
      pinned: boolean;
      hasAlpha: boolean;
      /** Upright size, as process-image recorded it. */
      width: number;
      height: number;
      /** What process-image made of this revision, in the processed bucket. */
      variants: readonly StoredVariant[];
    }
  | {
      kind: "variant";
      ownerId: string;
      imageId: string;
      revision: string;
      bucket: string;
      key: string;
      hasAlpha: boolean;
    };

/** The URL names an older revision than the current original's. */
export interface MovedSource {
  kind: "moved";
  revision: string;
}

/**
 * The part of an images-table row a transform reads. (The row is written by
 * process-image; only these fields are read, with a projection.)
 */
interface ImageRow {
  status?: string;
  source?: {
    key?: string;
    revision?: string;
    sha256?: string;
    hasAlpha?: boolean;
    width?: number;
    height?: number;
  };
  variants?: StoredVariant[];
}

/** Object versions in S3 are opaque strings, never an ETag's 32 hex digits. */
const ETAG = /^[0-9a-f]{32}(-\d+)?$/;

/**
 * Finds and reads the stored images transforms are made of: an upload's current
 * original, through its row (only when `processed`), or a stored variant. Nothing
 * outside the uploads and processed buckets' own keys can be named.
 */
export class SourceStore {
  constructor(
    private readonly clients: { s3: S3Client; dynamo: DynamoDBDocumentClient },
    private readonly names: { uploadsBucket: string; processedBucket: string; imagesTable: string },
  ) {}

  /**
   * @param owner where given, an image of anyone else is refused exactly as one that does
   *   not exist (nothing tells that it does): a watermark must be its owner's own image.
   * @throws TransformError `not_found`
   */
  async resolve(ref: SourceRef, owner?: string): Promise<ResolvedSource | MovedSource> {
    if (ref.kind === "variant") {
      const { ownerId, imageId, sourceHash, format } = parseVariantKey(ref.key);
      if (owner !== undefined && ownerId !== owner) throw notStored(ownerId, imageId);
      return {
        kind: "variant",
        ownerId,
        imageId,
        revision: sourceHash,
        bucket: this.names.processedBucket,
        key: ref.key,
        // Only JPEG variants lost their transparency.
        hasAlpha: format !== "jpeg",
      };
    }
    if (owner !== undefined && ref.ownerId !== owner) throw notProcessed(ref, undefined);
    const row = await this.readRow(ref.ownerId, ref.imageId);
    const sha256 = row?.source?.sha256;
    const { key, width, height } = row?.source ?? {};
    if (row?.status !== "processed" || !sha256 || !key || !width || !height)
      throw notProcessed(ref, row);
    const revision = revisionOf(sha256);
    if (ref.revision !== undefined && ref.revision !== revision) return { kind: "moved", revision };
    const stored = row.source?.revision;
    return {
      kind: "original",
      ownerId: ref.ownerId,
      imageId: ref.imageId,
      revision,
      bucket: this.names.uploadsBucket,
      key,
      ...(stored && !ETAG.test(stored) && { versionId: stored }),
      pinned: ref.revision !== undefined,
      hasAlpha: row.source?.hasAlpha === true,
      width,
      height,
      variants: row.variants ?? [],
    };
  }

  /**
   * The source's bytes; undefined when it has gone (deleted since the row said
   * otherwise). Objects over `maxBytes` are refused before download.
   *
   * @throws TransformError `too_large`
   */
  async read(source: ResolvedSource, maxBytes: number): Promise<Uint8Array> {
    try {
      const response = await this.clients.s3.send(
        new GetObjectCommand({
          Bucket: source.bucket,
          Key: source.key,
          ...(source.kind === "original" && source.versionId && { VersionId: source.versionId }),
        }),
      );
      if ((response.ContentLength ?? 0) > maxBytes) {
        await response.Body?.transformToWebStream().cancel();
        throw new TransformError("too_large", `The source image is larger than ${maxBytes} bytes.`);
      }
      return (await response.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      if (error instanceof NoSuchKey) throw notStored(source.ownerId, source.imageId);
      throw error;
    }
  }

  private async readRow(ownerId: string, imageId: string): Promise<ImageRow | undefined> {
    const { Item } = await this.clients.dynamo.send(
      new GetCommand({
        TableName: this.names.imagesTable,
        Key: { ownerId, imageId },
        ProjectionExpression: "#status, #source, #variants",
        ExpressionAttributeNames: {
          "#status": "status",
          "#source": "source",
          "#variants": "variants",
        },
      }),
    );
    return Item as ImageRow | undefined;
  }
}

function notProcessed(
  ref: { ownerId: string; imageId: string },
  row: ImageRow | undefined,
): TransformError {
  const status = row ? ` (it is ${row.status ?? "unknown"})` : "";
  return new TransformError(
    "not_found",
    `No processed image ${ref.ownerId}/${ref.imageId}${status}.`,
  );
}

function notStored(ownerId: string, imageId: string): TransformError {
  return new TransformError("not_found", `The image ${ownerId}/${imageId} is no longer stored.`);
}
