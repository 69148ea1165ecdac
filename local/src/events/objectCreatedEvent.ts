import { randomUUID } from "node:crypto";
import type { ObjectCreatedEvent } from "@imgpipe/core";
import type { S3rverEventRecord } from "../s3/startLocalS3.js";

const REASONS: Record<string, string> = {
  "ObjectCreated:Put": "PutObject",
  "ObjectCreated:Post": "PostObject",
  "ObjectCreated:Copy": "CopyObject",
  "ObjectCreated:CompleteMultipartUpload": "CompleteMultipartUpload",
};

/**
 * Turns an s3rver notification record into the EventBridge "Object Created" event that
 * S3 sends when a bucket has EventBridge notifications on. Other records give undefined.
 */
export function toObjectCreatedEvent(
  record: S3rverEventRecord,
  context: { account: string; region: string },
): ObjectCreatedEvent | undefined {
  const reason = REASONS[record.eventName];
  if (!reason) return undefined;
  const { bucket, object } = record.s3;
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Object Created",
    source: "aws.s3",
    account: context.account,
    time: record.eventTime.replace(/\.\d{3}Z$/, "Z"),
    region: context.region,
    resources: [`arn:aws:s3:::${bucket.name}`],
    detail: {
      version: "0",
      bucket: { name: bucket.name },
      object: {
        key: object.key,
        ...(object.size !== undefined && { size: Number(object.size) }),
        ...(object.eTag !== undefined && { etag: object.eTag.replaceAll('"', "") }),
        ...(object.sequencer !== undefined && { sequencer: object.sequencer }),
      },
      "request-id": record.responseElements["x-amz-request-id"] ?? randomUUID(),
      requester: context.account,
      reason,
    },
  };
}

/** The object key of an "Object Created" event; undefined for any other event. */
export function objectKeyOf(event: unknown): string | undefined {
  const key = (event as { detail?: { object?: { key?: unknown } } } | null)?.detail?.object?.key;
  return typeof key === "string" ? key : undefined;
}
