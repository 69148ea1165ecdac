import { describe, expect, it } from "vitest";
import { parseImageRow } from "../src/index.js";

describe("parseImageRow", () => {
  it("reads a processed row as process-image writes it", () => {
    const row = parseImageRow({
      ownerId: "alice",
      imageId: "img-1",
      status: "processed",
      createdAt: "2026-12-01T10:00:00.000Z",
      rowVersion: 3,
      source: { key: "uploads/alice/img-1/a.jpg", revision: "e", bytes: 10, width: 4, height: 3 },
      variants: [
        {
          name: "thumb",
          format: "webp",
          key: "images/alice/img-1/h/thumb.webp",
          width: 4,
          height: 3,
          bytes: 5,
          contentType: "image/webp",
          frames: 1,
        },
      ],
    });

    expect(row.variants?.[0]?.format).toBe("webp");
    expect(row.source?.width).toBe(4);
  });

  it("refuses an item that is no images-table row", () => {
    expect(() => parseImageRow({ ownerId: "alice", imageId: "x", status: "lost" })).toThrow();
    expect(() => parseImageRow({ ownerId: "alice", status: "pending" })).toThrow();
  });
});
