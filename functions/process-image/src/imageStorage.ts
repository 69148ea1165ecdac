import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

/** Variants never change under their key (it contains the source hash), so caches keep them forever. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

export interface StoredObject {
  body: Uint8Array;
  contentType: string | undefined;
}

/** Reads uploads and writes variants. Returns undefined for an upload that no longer exists. */
export class ImageStorage {
  constructor(
    private readonly s3: S3Client,
    private readonly processedBucket: string,
  ) {}

  async readUpload(
    bucket: string,
    key: string,
    versionId?: string,
  ): Promise<StoredObject | undefined> {
    try {
      const response = await this.s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
      );
      const body = await response.Body?.transformToByteArray();
      return { body: body ?? new Uint8Array(), contentType: response.ContentType };
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
}
