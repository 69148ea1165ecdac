import { describe, expect, it } from "vitest";
import { ownerIdFor } from "../src/caller.js";
import { decodeCursor, encodeCursor } from "../src/cursor.js";
import { MAX_FILE_NAME, safeFileName } from "../src/fileName.js";
import { ApiError } from "../src/problems.js";

describe("safeFileName", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\me\\photo.jpg", "photo.jpg"],
    ["Summer trip (1).JPG", "Summer-trip-1-.JPG"],
    ["evil\u0000name\r\n.png", "evil-name-.png"],
    [".hidden", "hidden"],
    ["...", "upload"],
    ["%2e%2e%2fx.jpg", "2e-2e-2fx.jpg"],
  ])("makes %j a key segment: %j", (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it("caps the length and keeps the extension", () => {
    const name = safeFileName(`${"a".repeat(500)}.jpeg`);

    expect(name).toHaveLength(MAX_FILE_NAME);
    expect(name.endsWith(".jpeg")).toBe(true);
  });
});

describe("cursors", () => {
  it("give back the position they were made from", () => {
    const position = {
      createdAt: "2026-12-01T10:00:00.000Z",
      imageId: "01JD8X6Q7T3R9M2K5V4N8B1C0A",
    };

    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each(["", "not-base64!", Buffer.from('{"c":"x","i":"y"}').toString("base64url")])(
    "refuse %j as a 400",
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(ApiError);
    },
  );
});

describe("ownerIdFor", () => {
  it("keeps a subject that is a valid id, and hashes any other into one", () => {
    expect(ownerIdFor("3f1c2a9e-0b4d-4f7e-9a61-2d5b8c7e1f00")).toBe(
      "3f1c2a9e-0b4d-4f7e-9a61-2d5b8c7e1f00",
    );
    expect(ownerIdFor("auth0|123")).toMatch(/^sub-[0-9a-f]{40}$/);
    expect(ownerIdFor("auth0|123")).not.toBe(ownerIdFor("auth0|124"));
  });
});
