import { describe, expect, it } from "vitest";
import { toObjectCreatedEvent } from "../../src/events/objectCreatedEvent.js";
import type { S3rverEventRecord } from "../../src/s3/startLocalS3.js";

function record(eventName: string): S3rverEventRecord {
  return {
    eventName,
    eventTime: "2026-11-21T10:00:00.123Z",
    awsRegion: "us-east-1",
    requestParameters: { sourceIPAddress: "127.0.0.1" },
    responseElements: { "x-amz-request-id": "REQ1" },
    s3: {
      bucket: { name: "uploads-bucket" },
      object: { key: "uploads/a/b/c.jpg", size: 42, eTag: '"abc123"', sequencer: "18F" },
    },
  };
}

describe("toObjectCreatedEvent", () => {
  it("shapes a put as the EventBridge event S3 sends", () => {
    const event = toObjectCreatedEvent(record("ObjectCreated:Put"), {
      account: "000000000000",
      region: "eu-west-1",
    });
    expect(event).toMatchObject({
      version: "0",
      "detail-type": "Object Created",
      source: "aws.s3",
      account: "000000000000",
      region: "eu-west-1",
      time: "2026-11-21T10:00:00Z",
      resources: ["arn:aws:s3:::uploads-bucket"],
      detail: {
        version: "0",
        bucket: { name: "uploads-bucket" },
        object: { key: "uploads/a/b/c.jpg", size: 42, etag: "abc123", sequencer: "18F" },
        "request-id": "REQ1",
        reason: "PutObject",
      },
    });
    expect(event?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("names the API that created the object", () => {
    const context = { account: "000000000000", region: "us-east-1" };
    expect(toObjectCreatedEvent(record("ObjectCreated:Post"), context)?.detail.reason).toBe(
      "PostObject",
    );
    expect(toObjectCreatedEvent(record("ObjectCreated:Copy"), context)?.detail.reason).toBe(
      "CopyObject",
    );
  });

  it("gives nothing for a deletion", () => {
    expect(
      toObjectCreatedEvent(record("ObjectRemoved:Delete"), { account: "0", region: "us-east-1" }),
    ).toBeUndefined();
  });
});
