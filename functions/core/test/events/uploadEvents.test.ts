import { describe, expect, it } from "vitest";
import { newUploadEventPattern, UPLOADS_PREFIX } from "../../src/index.js";

describe("newUploadEventPattern", () => {
  it("selects S3 Object Created events of the uploads bucket under uploads/", () => {
    const bucket = "imgpipe-dev-uploads";

    const pattern = newUploadEventPattern(bucket);

    expect(pattern).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: {
        bucket: { name: ["imgpipe-dev-uploads"] },
        object: { key: [{ prefix: "uploads/" }] },
      },
    });
  });

  it("uses the same prefix as the key layout", () => {
    const pattern = newUploadEventPattern("imgpipe-dev-uploads");

    const [keyFilter] = pattern.detail.object.key;

    expect(keyFilter?.prefix).toBe(UPLOADS_PREFIX);
  });

  it("names only the bucket it is given", () => {
    const pattern = newUploadEventPattern("imgpipe-prod-uploads");

    const names = pattern.detail.bucket.name;

    expect(names).toEqual(["imgpipe-prod-uploads"]);
  });

  it("is plain JSON, as an EventBridge rule's event_pattern needs", () => {
    const pattern = newUploadEventPattern("imgpipe-dev-uploads");

    const text = JSON.stringify(pattern);

    expect(JSON.parse(text)).toEqual(pattern);
  });
});
