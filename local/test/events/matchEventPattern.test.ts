import { newUploadEventPattern } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { matchesEventPattern } from "../../src/events/matchEventPattern.js";

const pattern = newUploadEventPattern("uploads-bucket");

function objectCreated(bucket: string, key: string) {
  return {
    source: "aws.s3",
    "detail-type": "Object Created",
    detail: { bucket: { name: bucket }, object: { key, size: 10 } },
  };
}

describe("matchesEventPattern with the new-upload pattern", () => {
  it("matches an object created under uploads/ in the uploads bucket", () => {
    expect(matchesEventPattern(pattern, objectCreated("uploads-bucket", "uploads/a/b/c.jpg"))).toBe(
      true,
    );
  });

  it("ignores other prefixes, other buckets and other detail types", () => {
    expect(matchesEventPattern(pattern, objectCreated("uploads-bucket", "images/a/b/c.jpg"))).toBe(
      false,
    );
    expect(
      matchesEventPattern(pattern, objectCreated("processed-bucket", "uploads/a/b/c.jpg")),
    ).toBe(false);
    const deleted = {
      ...objectCreated("uploads-bucket", "uploads/a/b/c.jpg"),
      "detail-type": "Object Deleted",
    };
    expect(matchesEventPattern(pattern, deleted)).toBe(false);
  });

  it("does not match when a field the pattern names is missing", () => {
    expect(
      matchesEventPattern(pattern, { source: "aws.s3", "detail-type": "Object Created" }),
    ).toBe(false);
  });

  it("matches any value of an array field", () => {
    expect(matchesEventPattern({ resources: ["arn:b"] }, { resources: ["arn:a", "arn:b"] })).toBe(
      true,
    );
  });
});
