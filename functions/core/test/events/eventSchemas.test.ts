import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  IMAGE_EVENT_TYPES,
  imageDeletedEvent,
  imageEventJsonSchema,
  imageEventSchema,
  imageEventSchemaFile,
  imageFailedEvent,
} from "../../src/index.js";

const TIME = new Date("2025-03-14T15:09:26.535Z");
const SOURCE = { key: "uploads/user_42/img-1/cat.jpg", revision: "etag-1", bytes: 1234 };

describe("the committed JSON Schemas", () => {
  it.each(IMAGE_EVENT_TYPES)(
    "match the zod schema of %s (npm run schemas -w @imgpipe/core)",
    (type) => {
      const file = join(import.meta.dirname, "..", "..", "schemas", imageEventSchemaFile(type));

      const committed = JSON.parse(readFileSync(file, "utf8"));

      expect(committed).toEqual(imageEventJsonSchema(type));
    },
  );
});

describe("imageEventSchema", () => {
  it("accepts an image.deleted event with and without its source", () => {
    const withSource = imageDeletedEvent({ ownerId: "u", imageId: "i", source: SOURCE }, TIME);
    const pending = imageDeletedEvent({ ownerId: "u", imageId: "i" }, TIME);

    const parsed = [withSource, pending].map((event) => imageEventSchema.parse(event));

    expect(parsed).toEqual([withSource, pending]);
  });

  it("ignores a field added by a later release of the same version", () => {
    const event = imageFailedEvent(
      {
        ownerId: "u",
        imageId: "i",
        source: SOURCE,
        reason: { code: "corrupt_image", message: "truncated" },
      },
      TIME,
    );

    const parsed = imageEventSchema.parse({ ...event, region: "eu-west-1" });

    expect(parsed).toEqual(event);
  });

  it("refuses another version, an unknown type and an unknown rejection code", () => {
    const event = imageDeletedEvent({ ownerId: "u", imageId: "i" }, TIME);
    const failed = imageFailedEvent(
      { ownerId: "u", imageId: "i", source: SOURCE, reason: { code: "empty_file", message: "" } },
      TIME,
    );

    const results = [
      { ...event, version: 2 },
      { ...event, type: "image.renamed" },
      { ...failed, data: { ...failed.data, reason: { code: "gremlins", message: "" } } },
    ].map((body) => imageEventSchema.safeParse(body).success);

    expect(results).toEqual([false, false, false]);
  });
});
