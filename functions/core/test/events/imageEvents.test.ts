import { describe, expect, it } from "vitest";
import {
  IMAGE_EVENT_VERSION,
  type ImageFailedData,
  type ImageProcessedData,
  imageEventAttributes,
  imageFailedEvent,
  imageProcessedEvent,
} from "../../src/index.js";

const TIME = new Date("2025-03-14T15:09:26.535Z");

const SOURCE = {
  key: "uploads/user_42/img-1/cat.jpg",
  revision: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
  bytes: 123_456,
};

function processedData(source = SOURCE): ImageProcessedData {
  return {
    ownerId: "user_42",
    imageId: "img-1",
    source: {
      ...source,
      format: "jpeg",
      width: 800,
      height: 600,
      sha256: "ab".repeat(32),
      hasAlpha: false,
      animated: false,
      frames: 1,
      dominantColour: "#336699",
      thumbhash: "F+cNFYKCh3dfeHiHhod4eZmAagrH",
    },
    variants: [
      {
        name: "thumb",
        format: "webp",
        key: "images/user_42/img-1/abab/thumb.webp",
        width: 160,
        height: 160,
        bytes: 4_321,
        contentType: "image/webp",
        frames: 1,
      },
    ],
  };
}

function failedData(source = SOURCE): ImageFailedData {
  return {
    ownerId: "user_42",
    imageId: "img-1",
    source,
    reason: { code: "unsupported_format", message: "The file is not an image." },
  };
}

describe("imageProcessedEvent", () => {
  it("wraps the data in a version 1 envelope with type and ISO time", () => {
    const data = processedData();

    const event = imageProcessedEvent(data, TIME);

    expect(event).toEqual({
      version: 1,
      id: expect.any(String),
      type: "image.processed",
      time: "2025-03-14T15:09:26.535Z",
      data,
    });
    expect(IMAGE_EVENT_VERSION).toBe(1);
  });

  it("serializes to JSON and back unchanged", () => {
    const event = imageProcessedEvent(processedData(), TIME);

    const body = JSON.parse(JSON.stringify(event));

    expect(body).toEqual(event);
  });

  it("gives every delivery of the same upload the same id, whenever it is built", () => {
    const first = imageProcessedEvent(processedData(), TIME);

    const retry = imageProcessedEvent(processedData(), new Date("2025-03-14T15:12:00Z"));

    expect(retry.id).toBe(first.id);
    expect(first.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("gives a new revision of the same key a new id", () => {
    const first = imageProcessedEvent(processedData(), TIME);

    const second = imageProcessedEvent(processedData({ ...SOURCE, revision: "v2" }), TIME);

    expect(second.id).not.toBe(first.id);
  });

  it("gives another key with the same revision a new id", () => {
    const first = imageProcessedEvent(processedData(), TIME);

    const other = imageProcessedEvent(
      processedData({ ...SOURCE, key: "uploads/user_42/img-2/cat.jpg" }),
      TIME,
    );

    expect(other.id).not.toBe(first.id);
  });
});

describe("imageFailedEvent", () => {
  it("wraps the data in a version 1 envelope of type image.failed", () => {
    const data = failedData();

    const event = imageFailedEvent(data, TIME);

    expect(event).toEqual({
      version: 1,
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      type: "image.failed",
      time: "2025-03-14T15:09:26.535Z",
      data,
    });
  });

  it("has an id of its own, not the id of image.processed for the same upload", () => {
    const processed = imageProcessedEvent(processedData(), TIME);

    const failed = imageFailedEvent(failedData(), TIME);

    expect(failed.id).not.toBe(processed.id);
  });

  it("gives every delivery of the same failure the same id", () => {
    const first = imageFailedEvent(failedData(), TIME);

    const retry = imageFailedEvent(failedData(), new Date(TIME.getTime() + 60_000));

    expect(retry.id).toBe(first.id);
  });
});

describe("imageEventAttributes", () => {
  it("repeats the event type and owner for SNS filter policies", () => {
    const event = imageProcessedEvent(processedData(), TIME);

    const attributes = imageEventAttributes(event);

    expect(attributes).toEqual({ eventType: "image.processed", ownerId: "user_42" });
  });

  it("carries image.failed for a failure", () => {
    const event = imageFailedEvent({ ...failedData(), ownerId: "user_7" }, TIME);

    const attributes = imageEventAttributes(event);

    expect(attributes).toEqual({ eventType: "image.failed", ownerId: "user_7" });
  });
});
