import { GetObjectCommand } from "@aws-sdk/client-s3";
import {
  type ImageFailedEvent,
  type ImageProcessedEvent,
  parsePipelineConfig,
} from "@imgpipe/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.js";
import { animatedGif, flatPng, GPS_DATUM, photoJpeg, photoWithGps } from "./support/images.js";
import { type PipelineHarness, startPipelineHarness } from "./support/pipelineHarness.js";

const config = parsePipelineConfig(
  {
    environment: "test",
    limits: { maxUploadBytes: 512 * 1024, maxInputPixels: 4_000_000, maxFrames: 10 },
  },
  "test",
);

const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100"/></svg>';

/** Each kind of bad upload, with the reason its row and event must give. */
const BAD_UPLOADS: [string, string, () => Promise<Buffer>, string, RegExp][] = [
  ["zero-byte", "empty.jpg", async () => Buffer.alloc(0), "empty_file", /^The file is empty\.$/],
  [
    "text-as-jpg",
    "photo.jpg",
    async () => Buffer.from("Dear user, this is not a photo.\n".repeat(10)),
    "unsupported_format",
    /not an image in a supported format/,
  ],
  ["svg", "logo.jpg", async () => Buffer.from(svg), "unsupported_format", /an SVG drawing/],
  [
    "truncated",
    "cut.jpg",
    async () => {
      const whole = await photoJpeg(800, 600);
      return whole.subarray(0, whole.length / 2);
    },
    "corrupt_image",
    /truncated or corrupt/,
  ],
  ["bomb", "bomb.png", () => flatPng(4000, 4000), "too_many_pixels", /4000×4000 pixels/],
  [
    "oversize",
    "huge.jpg",
    async () => Buffer.concat([await photoJpeg(400, 300), Buffer.alloc(600 * 1024)]),
    "file_too_large",
    /the limit is 512 KiB/,
  ],
  ["many-frames", "anim.gif", () => animatedGif(12), "too_many_frames", /12 frames/],
];

describe("the local pipeline, given hostile and broken uploads", () => {
  let pipeline: PipelineHarness;

  beforeAll(async () => {
    pipeline = await startPipelineHarness(config);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it.each(BAD_UPLOADS)(
    "records a %s upload as failed with a reason, tells the webhook and keeps the original",
    async (imageId, fileName, bytes, code, message) => {
      const body = await bytes();

      const { key } = await pipeline.upload(imageId, fileName, body);
      const row = await eventually(async () => {
        const item = await pipeline.row(imageId);
        expect(item?.status).toBe("failed");
        return item;
      });
      await pipeline.cloud.idle();

      expect(row?.failure.code).toBe(code);
      expect(row?.failure.message).toMatch(message);
      expect(row?.variants).toBeUndefined();
      expect(await pipeline.processedKeys(imageId)).toEqual([]);
      const events = pipeline.eventsFor(imageId) as ImageFailedEvent[];
      expect(events.map((e) => [e.type, e.data.reason.code])).toEqual([["image.failed", code]]);
      const original = await pipeline.clients.s3.send(
        new GetObjectCommand({ Bucket: pipeline.cloud.resources.uploadsBucket, Key: key }),
      );
      expect((await original.Body?.transformToByteArray())?.length).toBe(body.length);
    },
  );

  it("processes the next good upload normally, and nothing went to the dead-letter queue", async () => {
    await pipeline.upload("after-the-bad-ones", "ok.jpg", await photoJpeg(800, 600));

    await eventually(async () =>
      expect((await pipeline.row("after-the-bad-ones"))?.status).toBe("processed"),
    );
    await pipeline.cloud.idle();

    expect(pipeline.eventsFor("after-the-bad-ones").map((e) => e.type)).toEqual([
      "image.processed",
    ]);
    expect(pipeline.cloud.deadLetters).toEqual([]);
  });

  it("turns a phone photo upright, strips its GPS and records its metadata", async () => {
    // Stored 1200×900 with orientation 6: upright it is 900×1200.
    const body = await photoWithGps(1200, 900);

    await pipeline.upload("phone", "IMG_0001.jpg", body);
    const row = await eventually(async () => {
      const item = await pipeline.row("phone");
      expect(item?.status).toBe("processed");
      return item;
    });
    await pipeline.cloud.idle();

    expect(row?.source).toMatchObject({
      format: "jpeg",
      width: 900,
      height: 1200,
      bytes: body.length,
      hasAlpha: false,
      animated: false,
      frames: 1,
    });
    expect(row?.source.dominantColour).toMatch(/^#[0-9a-f]{6}$/);
    expect(Buffer.from(row?.source.thumbhash, "base64").length).toBeGreaterThan(5);
    expect(row?.source.camera).toBeUndefined();
    const [event] = pipeline.eventsFor("phone") as ImageProcessedEvent[];
    expect(event?.data.source).toEqual(row?.source);
    for (const variant of row?.variants ?? []) {
      const object = await pipeline.clients.s3.send(
        new GetObjectCommand({
          Bucket: pipeline.cloud.resources.processedBucket,
          Key: variant.key,
        }),
      );
      const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      const meta = await sharp(bytes).metadata();
      expect([meta.width, meta.height]).toEqual([variant.width, variant.height]);
      if (variant.name !== "thumb") expect(meta.height).toBeGreaterThan(meta.width);
      expect(meta.exif).toBeUndefined();
      expect(bytes.includes(GPS_DATUM)).toBe(false);
    }
  });
});
