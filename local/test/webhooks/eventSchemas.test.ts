import { imageDeletedEvent } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { eventSchemaErrors } from "../support/eventSchemas.js";

const TIME = new Date("2026-11-21T11:00:00.000Z");

// The pipeline tests check every image.processed and image.failed they receive against
// the committed JSON Schemas (pipelineHarness.eventsFor); nothing publishes
// image.deleted yet, so its schema is checked here on the events the builder makes.
describe("the committed image.deleted JSON Schema", () => {
  it("accepts the event of a deleted image, with or without its source", () => {
    const processed = imageDeletedEvent(
      {
        ownerId: "alice",
        imageId: "cat",
        source: { key: "uploads/alice/cat/cat.jpg", revision: "e1", bytes: 1234 },
      },
      TIME,
    );
    const pending = imageDeletedEvent({ ownerId: "alice", imageId: "cat" }, TIME);

    expect([eventSchemaErrors(processed), eventSchemaErrors(pending)]).toEqual([[], []]);
  });

  it("refuses one without an owner or with a source missing its key", () => {
    const event = imageDeletedEvent({ ownerId: "alice", imageId: "cat" }, TIME);

    const errors = eventSchemaErrors({
      ...event,
      data: { imageId: "cat", source: { revision: "e1", bytes: 1 } },
    });

    expect(errors).toEqual([
      "/data must have required property 'ownerId'",
      "/data/source must have required property 'key'",
    ]);
  });
});
