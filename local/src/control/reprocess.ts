import { ListObjectsCommand, type S3Client } from "@aws-sdk/client-s3";
import { KeyLayoutError, parseUploadKey, UPLOADS_PREFIX } from "@imgpipe/core";
import type { S3rverEventRecord } from "../s3/startLocalS3.js";

/** Which uploads to send through the pipeline again. */
export type ReprocessSelector = { all: true } | { imageId: string; ownerId?: string };

/** Whether an upload key is selected: `uploads/{ownerId}/{imageId}/{fileName}`. */
export function isSelected(key: string, selector: ReprocessSelector): boolean {
  if ("all" in selector) return true;
  try {
    const { ownerId, imageId } = parseUploadKey(key);
    return imageId === selector.imageId && (!selector.ownerId || ownerId === selector.ownerId);
  } catch (error) {
    if (error instanceof KeyLayoutError) return false;
    throw error;
  }
}

/**
 * The uploads to reprocess, as the object-created records S3 would send for them. Lists
 * with ListObjects (v1) and its marker, which s3rver pages without the legacy cipher its
 * v2 continuation tokens need.
 */
export async function uploadRecords(
  s3: S3Client,
  bucket: string,
  region: string,
  selector: ReprocessSelector,
): Promise<S3rverEventRecord[]> {
  const records: S3rverEventRecord[] = [];
  let marker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: UPLOADS_PREFIX, Marker: marker }),
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key || !isSelected(object.Key, selector)) continue;
      records.push({
        eventName: "ObjectCreated:Put",
        eventTime: new Date().toISOString(),
        awsRegion: region,
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        responseElements: {},
        s3: {
          bucket: { name: bucket },
          object: { key: object.Key, size: object.Size ?? 0, eTag: object.ETag ?? "" },
        },
      });
    }
    marker = page.IsTruncated ? page.Contents?.at(-1)?.Key : undefined;
  } while (marker);
  return records;
}
