import { createHash } from "node:crypto";
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type OutputFormat, renditionKey, type TransformSettings } from "@imgpipe/core";
import type { Edits } from "../parse/transformRequest.js";
import type { ResolvedSource } from "../source/sourceStore.js";

export interface StoredRendition {
  body: Uint8Array;
  contentType: string;
}

/**
 * The key of one rendition: everything that decides its bytes (the source and its
 * revision, the edits, the output format and its configured effort) and nothing else,
 * so the same transform asked through another URL (signed otherwise, expiring later)
 * shares it, and a changed effort setting writes new keys.
 */
export function renditionKeyOf(
  source: ResolvedSource,
  edits: Edits,
  format: OutputFormat,
  effort: TransformSettings["effort"],
): string {
  const requestHash = createHash("sha256")
    .update(
      JSON.stringify({
        source: source.kind === "variant" ? source.key : "original",
        edits,
        format,
        ...(format === "webp" || format === "avif" ? { effort: effort[format] } : {}),
      }),
    )
    .digest("hex")
    .slice(0, 32);
  return renditionKey({
    ownerId: source.ownerId,
    imageId: source.imageId,
    revision: source.revision,
    requestHash,
    format,
  });
}

/** Renditions kept in the processed bucket, under the rendition prefix. */
export class RenditionStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async read(key: string): Promise<StoredRendition | undefined> {
    try {
      const response = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
      return { body, contentType: response.ContentType ?? "application/octet-stream" };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async write(
    key: string,
    body: Uint8Array,
    contentType: string,
    cacheControl: string,
  ): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        CacheControl: cacheControl,
      }),
    );
  }
}
