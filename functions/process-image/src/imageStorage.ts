import {
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";

/** Variants never change under their key (it contains the source hash), so caches keep them forever. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

export interface StoredUpload {
  /** Undefined when the object is larger than the caller's limit: it was not downloaded. */
  body: Uint8Array | undefined;
  size: number;
  /** Without quotes, as in S3 events. */
  etag: string | undefined;
}

/** Reads uploads and writes variants. */
export class ImageStorage {
  constructor(
    private readonly s3: S3Client,
    private readonly processedBucket: string,
  ) {}

  /**
   * Reads an upload, or returns undefined when it no longer exists. An object over
   * `maxBytes` is not downloaded (a Lambda must not hold a 5 GB upload in memory).
   */
  async readUpload(
    bucket: string,
    key: string,
    options: { versionId?: string; maxBytes: number },
  ): Promise<StoredUpload | undefined> {
    try {
      const response = await this.s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: options.versionId }),
      );
      const size = response.ContentLength ?? 0;
      const etag = response.ETag?.replaceAll('"', "");
      if (size > options.maxBytes) {
        await response.Body?.transformToWebStream().cancel();
        return { body: undefined, size, etag };
      }
      const body = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
      return { body, size: body.length, etag };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async writeVariant(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.processedBucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        CacheControl: IMMUTABLE_CACHE_CONTROL,
      }),
    );
  }

  /** Removes variants this invocation wrote for an image deleted in the meantime. */
  async deleteVariants(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.s3.send(
      new DeleteObjectsCommand({
        Bucket: this.processedBucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
}
