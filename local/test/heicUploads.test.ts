import {
  type ImageFailedEvent,
  type ImageProcessedEvent,
  parsePipelineConfig,
} from "@imgpipe/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The image fixtures are core's, where the decoder lives: one place encodes and edits them.
import { imageAs } from "../../functions/core/test/fixtures.js";
import {
  canEncodeHeic,
  encodeHeic,
  withDeclaredSize,
  withRotation,
} from "../../functions/core/test/heicFixtures.js";
import { eventually } from "./support/eventually.js";
import { GPS_DATUM } from "./support/images.js";
import { type PipelineHarness, startPipelineHarness } from "./support/pipelineHarness.js";

const config = parsePipelineConfig(
  {
    environment: "test",
    limits: { maxInputPixels: 4_000_000 },
    transform: { allowUnsafe: true },
  },
  "test",
);

/**
 * An iPhone-like HEIC: Display P3, GPS in its EXIF, stored 1200×900 with a quarter turn
 * clockwise (irot 3) to show it 900×1200. Its top is red, its bottom blue when upright.
 */
async function iphoneLikeHeic(): Promise<Buffer> {
  const [width, height] = [1200, 900];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Turned clockwise, the stored left edge becomes the top.
      pixels.set(x < width / 2 ? [200, 30, 30] : [30, 30, 200], (y * width + x) * 3);
    }
  }
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .withIccProfile("p3")
    .withExif({ IFD0: { Make: "ImgpipePhone" }, IFD3: { GPSMapDatum: GPS_DATUM } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return withRotation(await encodeHeic([jpeg]), 3);
}

// heif-enc (x265) is slow on a loaded runner, and the first HEIC compiles the decoder.
describe.runIf(canEncodeHeic)(
  "HEIC uploads through the local pipeline",
  { timeout: 180_000 },
  () => {
    let pipeline: PipelineHarness;

    beforeAll(async () => {
      pipeline = await startPipelineHarness(config);
    });

    afterAll(async () => {
      await pipeline?.stop();
    });

    async function settled(imageId: string, status: "processed" | "failed") {
      const row = await eventually(async () => {
        const item = await pipeline.row(imageId);
        expect(item?.status).toBe(status);
        return item;
      }, 150_000);
      await pipeline.cloud.idle();
      return row;
    }

    it("processes an iPhone-like HEIC: upright, sRGB, the right size, no GPS", async () => {
      const body = await iphoneLikeHeic();
      expect(body.includes(GPS_DATUM)).toBe(true);

      await pipeline.upload("iphone", "IMG_0002.HEIC", body, { contentType: "image/heic" });
      const row = await settled("iphone", "processed");

      expect(row?.source).toMatchObject({ format: "heic", width: 900, height: 1200, frames: 1 });
      const [event] = pipeline.eventsFor("iphone") as ImageProcessedEvent[];
      expect(event?.type).toBe("image.processed");
      expect(row?.variants.length).toBeGreaterThan(0);
      for (const variant of row?.variants ?? []) {
        const bytes = await pipeline.variant(variant.key);
        const meta = await sharp(bytes).metadata();
        expect([meta.width, meta.height]).toEqual([variant.width, variant.height]);
        expect(meta.space).toBe("srgb");
        expect(meta.exif).toBeUndefined();
        expect(bytes.includes(GPS_DATUM)).toBe(false);
        if (variant.name === "thumb") continue;
        expect(meta.height).toBeGreaterThan(meta.width ?? 0);
        const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
        const last = data.length - 3;
        // Red on top and blue at the bottom: turned upright, not lying on its side.
        expect([data[0], data[2]]).toSatisfy(([r, b]: number[]) => (r ?? 0) > 150 && (b ?? 0) < 90);
        expect([data[last], data[last + 2]]).toSatisfy(
          ([r, b]: number[]) => (r ?? 0) < 90 && (b ?? 0) > 150,
        );
      }
    });

    it("transforms a stored HEIC on request through the CDN, upright", async () => {
      await pipeline.upload("iphone-t", "IMG_0003.HEIC", await iphoneLikeHeic(), {
        contentType: "image/heic",
      });
      await settled("iphone-t", "processed");

      const response = await fetch(
        `${pipeline.cloud.endpoints.cdn}/t/unsafe/fit-in/300x300/filters:format(jpeg)/alice/iphone-t`,
      );

      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 225, 300]);
      const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      expect(data[0]).toBeGreaterThan(150);
      expect(data[data.length - 1]).toBeGreaterThan(150);
    });

    it.each([
      [
        "truncated",
        async () => {
          const whole = await encodeHeic([await imageAs("png", { width: 640, height: 480 })]);
          return whole.subarray(0, Math.floor(whole.length * 0.7));
        },
        "corrupt_image",
      ],
      [
        "bomb",
        async () => withDeclaredSize(await encodeHeic([await imageAs("png")]), 50_000, 50_000),
        "too_many_pixels",
      ],
    ] as const)(
      "records a %s HEIC as failed with %s, telling the webhook",
      async (imageId, bytes, code) => {
        const body = await bytes();

        await pipeline.upload(imageId, `${imageId}.heic`, body, { contentType: "image/heic" });
        const row = await settled(imageId, "failed");

        expect(row?.failure.code).toBe(code);
        expect(await pipeline.processedKeys(imageId)).toEqual([]);
        const events = pipeline.eventsFor(imageId) as ImageFailedEvent[];
        expect(events.map((e) => [e.type, e.data.reason.code])).toEqual([["image.failed", code]]);
        expect(pipeline.cloud.deadLetters).toEqual([]);
      },
    );
  },
);
