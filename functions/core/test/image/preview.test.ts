import sharp from "sharp";
import { thumbHashToApproximateAspectRatio, thumbHashToAverageRGBA } from "thumbhash";
import { describe, expect, it } from "vitest";
import { dominantColour, inspectImage, parsePipelineConfig, renderImage } from "../../src/index.js";
import { halfTransparentPng } from "../fixtures.js";

const { variants, limits, processing } = parsePipelineConfig({ environment: "test" }, "test");

async function previewOf(bytes: Uint8Array) {
  const info = await inspectImage(bytes, limits, processing);
  return (await renderImage(bytes, info, variants, processing)).preview;
}

describe("the preview of an image", () => {
  it("names its dominant colour and carries a ThumbHash of its colour and shape", async () => {
    const bytes = await sharp({
      create: { width: 1600, height: 800, channels: 3, background: "#2080c0" },
    })
      .jpeg()
      .toBuffer();

    const preview = await previewOf(bytes);

    expect(preview.dominantColour).toMatch(/^#[0-9a-f]{6}$/);
    const [r, g, b] = [1, 3, 5].map((i) =>
      Number.parseInt(preview.dominantColour.slice(i, i + 2), 16),
    );
    expect(Math.hypot((r ?? 0) - 0x20, (g ?? 0) - 0x80, (b ?? 0) - 0xc0)).toBeLessThan(24);
    const hash = Buffer.from(preview.thumbhash, "base64");
    expect(hash.length).toBeLessThan(40);
    expect(thumbHashToApproximateAspectRatio(hash)).toBeCloseTo(2, 0);
    const average = thumbHashToAverageRGBA(hash);
    expect(Math.abs(average.b * 255 - 0xc0)).toBeLessThan(16);
  });

  it("records transparency in the ThumbHash", async () => {
    const preview = await previewOf(await halfTransparentPng());

    const average = thumbHashToAverageRGBA(Buffer.from(preview.thumbhash, "base64"));

    expect(average.a).toBeGreaterThan(0.3);
    expect(average.a).toBeLessThan(0.7);
  });
});

describe("dominantColour", () => {
  function pixels(...runs: [number, [number, number, number, number]][]): Uint8Array {
    return Uint8Array.from(
      runs.flatMap(([n, rgba]) => Array.from({ length: n }, () => rgba).flat()),
    );
  }

  it("picks the colour most pixels have, not the average", () => {
    const rgba = pixels([60, [200, 30, 30, 255]], [40, [20, 20, 220, 255]]);

    expect(dominantColour(rgba)).toBe("#c81e1e");
  });

  it("ignores transparent pixels while there are opaque ones", () => {
    const rgba = pixels([90, [0, 0, 0, 0]], [10, [0, 128, 0, 255]]);

    expect(dominantColour(rgba)).toBe("#008000");
  });

  it("falls back to every pixel when all are transparent", () => {
    const rgba = pixels([5, [255, 255, 255, 0]]);

    expect(dominantColour(rgba)).toBe("#ffffff");
  });
});
