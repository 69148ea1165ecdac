import {
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  type S3Client,
} from "@aws-sdk/client-s3";
import { createPresignedPost, type PresignedPost } from "@aws-sdk/s3-presigned-post";
import { IMAGES_PREFIX, UPLOADS_PREFIX } from "@imgpipe/core";

export interface UploadPolicy {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
}

/** DeleteObjects takes at most this many keys. */
const DELETE_BATCH = 1000;

/** The API's side of the buckets: signing uploads, and removing everything of an image. */
export class ImageObjects {
  constructor(
    private readonly s3: S3Client,
    private readonly buckets: { uploads: string; processed: string },
  ) {}

  /**
   * A presigned POST for exactly one object: its key, its content type and a size range
   * are in the signed policy, so S3 refuses any other upload with it.
   */
  presignUpload(policy: UploadPolicy): Promise<PresignedPost> {
    return createPresignedPost(this.s3, {
      Bucket: this.buckets.uploads,
      Key: policy.key,
      Fields: { "Content-Type": policy.contentType },
      Conditions: [
        ["eq", "$Content-Type", policy.contentType],
        ["content-length-range", 1, policy.maxBytes],
      ],
      Expires: policy.expiresInSeconds,
    });
  }

  /** Removes the image's original (every version) and every variant; returns how many. */
  async deleteImage(ownerId: string, imageId: string): Promise<number> {
    const counts = await Promise.all([
      this.deleteAllVersions(this.buckets.uploads, `${UPLOADS_PREFIX}${ownerId}/${imageId}/`),
      this.deleteAllVersions(this.buckets.processed, `${IMAGES_PREFIX}${ownerId}/${imageId}/`),
    ]);
    return counts[0] + counts[1];
  }

  private async deleteAllVersions(bucket: string, prefix: string): Promise<number> {
    let deleted = 0;
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: prefix,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
        }),
      );
      const objects: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
        .filter((version) => version.Key?.startsWith(prefix))
        .map((version) => ({ Key: version.Key, VersionId: version.VersionId }));
      for (let i = 0; i < objects.length; i += DELETE_BATCH) {
        const batch = objects.slice(i, i + DELETE_BATCH);
        const result = await this.s3.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }),
        );
        const failed = result.Errors ?? [];
        if (failed.length > 0) {
          throw new Error(
            `Could not delete ${failed.length} objects in ${bucket}: ${failed[0]?.Code} ${failed[0]?.Key}`,
          );
        }
        deleted += batch.length;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return deleted;
  }
}
