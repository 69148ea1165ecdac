import { parsePipelineConfig, revisionOf } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { type ImageLinks, imageView, type VisibleRow } from "../src/imageView.js";

const SHA256 = "9c1b2d4e5f600f3aaa11bb22cc33dd44ee55ff6600112233445566778899aabb";
const { transform } = parsePipelineConfig(
  { environment: "test", transform: { srcsetWidths: [320, 640], signedUrlHours: 2 } },
  "test",
);
const ON: ImageLinks = {
  cdnUrl: "https://cdn.example.com",
  transform: { key: "a-long-random-signing-key", settings: transform },
  now: new Date("2026-12-01T10:20:00Z"),
};
const OFF: ImageLinks = { cdnUrl: ON.cdnUrl, now: ON.now };

function row(overrides: Partial<VisibleRow> = {}): VisibleRow {
  return {
    ownerId: "alice",
    imageId: "beach",
    status: "processed",
    source: {
      key: "uploads/alice/beach/beach.jpg",
      revision: "v1",
      bytes: 123_456,
      sha256: SHA256,
      width: 1200,
      height: 800,
      format: "jpeg",
    },
    variants: [],
    ...overrides,
  };
}

describe("imageView", () => {
  it("carries a signed srcset pinned to the original's revision where transforms are on", () => {
    const view = imageView(row(), ON);

    expect(view.responsive?.revision).toBe(revisionOf(SHA256));
    expect(view.responsive?.candidates.map((c) => c.width)).toEqual([320, 640]);
    expect(view.responsive?.src).toMatch(
      new RegExp(
        `^https://cdn\\.example\\.com/t/[\\w-]{43}/fit-in/640x0/filters:format\\(auto\\)/alice/beach@${revisionOf(SHA256)}\\?expires=\\d+$`,
      ),
    );
    expect(view.responsive?.expiresAt).toBe("2026-12-01T13:00:00.000Z");
  });

  it("has no responsive URLs where transforms are off", () => {
    expect(imageView(row(), OFF)).not.toHaveProperty("responsive");
  });

  it("has no responsive URLs for an image that is not processed", () => {
    const pending = row({ status: "pending", source: undefined });

    expect(imageView(pending, ON)).not.toHaveProperty("responsive");
  });
});
