import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  cameraDetails,
  ImageRejectedError,
  inspectImage,
  type PipelineConfig,
  parsePipelineConfig,
  processingSchema,
  type RenderedImage,
  renderImage,
} from "../../src/index.js";
import { rejectionOf } from "../expectError.js";
import {
  EXIF_CAMERA_MAKE,
  EXIF_GPS_DATUM,
  imageAs,
  jpegWithExif,
  meanColour,
  testLimits,
} from "../fixtures.js";
import {
  canEncodeHeic,
  encodeHeic,
  flatColourPng,
  halvesPng,
  type Rgb,
  topLevelImageIds,
  withDamagedDecoderConfig,
  withDeclaredSize,
  withPrimaryItem,
  withRotation,
} from "../heicFixtures.js";

const config: PipelineConfig = parsePipelineConfig({ environment: "test" }, "test");

/** What process-image does: inspect, then render every variant of the config. */
async function render(bytes: Uint8Array, cfg: PipelineConfig = config) {
  const info = await inspectImage(bytes, cfg.limits, cfg.processing);
  const { images } = await renderImage(bytes, info, cfg.variants, cfg.processing);
  return { info, images };
}

function largeJpeg(images: RenderedImage[]): RenderedImage {
  const image = images.find((i) => i.variant === "large" && i.format === "jpeg");
  if (!image) throw new Error("no large jpeg among the rendered images");
  return image;
}

/** Mean colour of the middle of an encoded image. */
async function centreColour(image: Uint8Array): Promise<[number, number, number]> {
  const { width = 0, height = 0 } = await sharp(image).metadata();
  return meanColour(image, {
    left: Math.floor(width / 4),
    top: Math.floor(height / 4),
    width: Math.max(1, Math.floor(width / 2)),
    height: Math.max(1, Math.floor(height / 2)),
  });
}

function distance(a: readonly number[], b: Rgb): number {
  return Math.max(
    Math.abs((a[0] ?? 0) - b.r),
    Math.abs((a[1] ?? 0) - b.g),
    Math.abs((a[2] ?? 0) - b.b),
  );
}

const RED: Rgb = { r: 220, g: 20, b: 20 };
const BLUE: Rgb = { r: 20, g: 20, b: 220 };
/** A saturated green inside sRGB whose Display P3 values differ a lot from its sRGB ones. */
const GREEN: Rgb = { r: 30, g: 190, b: 40 };

// heif-enc (x265) and the first WebAssembly compile are slow on a loaded runner.
describe.runIf(canEncodeHeic)("HEIC uploads (encoded by heif-enc)", { timeout: 300_000 }, () => {
  it("renders a HEIC photo like any JPEG: every variant, the right size, as JPEG and WebP", async () => {
    const bytes = await encodeHeic([await imageAs("png", { width: 1400, height: 1050 })]);

    const { info, images } = await render(bytes);

    expect(info).toMatchObject({ format: "heic", width: 1400, height: 1050, frames: 1 });
    expect(images.map((i) => `${i.variant}.${i.format}`).sort()).toEqual([
      "large.jpeg",
      "large.webp",
      "medium.jpeg",
      "medium.webp",
      "thumb.jpeg",
      "thumb.webp",
    ]);
    const large = await sharp(largeJpeg(images).body).metadata();
    expect({ format: large.format, width: large.width, height: large.height }).toEqual({
      format: "jpeg",
      width: 1280,
      height: 960,
    });
  });

  it("converts a Display P3 photo to sRGB with its embedded profile", async () => {
    const p3Png = await flatColourPng(64, 48, GREEN, { profile: "p3" });
    const { data } = await sharp(p3Png, { ignoreIcc: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const p3Values = [...data.subarray(0, 3)];
    const bytes = await encodeHeic([p3Png]);

    const { images } = await render(bytes);

    const output = largeJpeg(images).body;
    expect(distance(await centreColour(output), GREEN)).toBeLessThanOrEqual(6);
    // Without the conversion the output would show the P3 numbers as if they were sRGB.
    expect(distance(p3Values, GREEN)).toBeGreaterThan(40);
    const { space, icc } = await sharp(output).metadata();
    expect(space).toBe("srgb");
    expect(icc).toBeUndefined();
  });

  it.each([
    [1, { width: 40, height: 60 }, { top: BLUE, bottom: RED }],
    [2, { width: 60, height: 40 }, { left: BLUE, right: RED }],
    [3, { width: 40, height: 60 }, { top: RED, bottom: BLUE }],
  ] as const)(
    "turns a photo with irot %i (quarter turns anticlockwise) upright",
    async (turns, size, sides) => {
      // Stored 60×40, red on the left, blue on the right.
      const bytes = withRotation(await encodeHeic([await halvesPng(60, 40, RED, BLUE)]), turns);

      const { info, images } = await render(bytes);

      expect({ width: info.width, height: info.height }).toEqual(size);
      const output = largeJpeg(images).body;
      expect(await sharp(output).metadata()).toMatchObject(size);
      const half = (part: "top" | "bottom" | "left" | "right") =>
        meanColour(output, {
          left: part === "right" ? size.width - 10 : 0,
          top: part === "bottom" ? size.height - 10 : 0,
          width: part === "left" || part === "right" ? 10 : size.width,
          height: part === "top" || part === "bottom" ? 10 : size.height,
        });
      for (const [part, colour] of Object.entries(sides)) {
        expect(distance(await half(part as "top"), colour)).toBeLessThanOrEqual(12);
      }
    },
  );

  it("reduces a 10-bit photo to 8 bits with the right colour", async () => {
    const bytes = await encodeHeic([await flatColourPng(64, 48, GREEN, { bitDepth: 16 })], {
      bitDepth: 10,
    });

    const { images } = await render(bytes);

    const output = largeJpeg(images).body;
    expect((await sharp(output).metadata()).depth).toBe("uchar");
    expect(distance(await centreColour(output), GREEN)).toBeLessThanOrEqual(6);
  });

  it("processes the primary image of a multi-image file, not the first one, nor its thumbnails", async () => {
    const first = await flatColourPng(64, 48, RED);
    const chosen = await flatColourPng(96, 80, BLUE);
    const encoded = await encodeHeic([first, chosen], { thumbnail: 32 });
    // heif-enc makes the first image primary; a burst's chosen photo need not be first.
    const [firstId, chosenId] = topLevelImageIds(encoded);
    expect(firstId).toBeDefined();
    const bytes = withPrimaryItem(encoded, chosenId ?? 0);

    const { info, images } = await render(bytes);

    expect({ width: info.width, height: info.height }).toEqual({ width: 96, height: 80 });
    expect(distance(await centreColour(largeJpeg(images).body), BLUE)).toBeLessThanOrEqual(6);
  });

  it("keeps the transparency of a HEIC with an alpha image", async () => {
    const png = await sharp({
      create: { width: 64, height: 48, channels: 4, background: { ...BLUE, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const bytes = await encodeHeic([png]);

    const { info, images } = await render(bytes);

    expect(info.hasAlpha).toBe(true);
    const webp = images.find((i) => i.variant === "large" && i.format === "webp");
    const { data } = await sharp(webp?.body)
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[3]).toBeLessThan(10);
  });

  it("writes no EXIF, GPS included, into any variant, but reads the camera when asked", async () => {
    const bytes = await encodeHeic([await jpegWithExif(1)]);
    expect(bytes.includes(EXIF_GPS_DATUM)).toBe(true);
    const cfg = parsePipelineConfig(
      { environment: "test", processing: { recordCamera: true } },
      "test",
    );

    const { info, images } = await render(bytes, cfg);

    expect(cameraDetails(info.exif)?.make).toBe(EXIF_CAMERA_MAKE);
    for (const image of images) {
      expect((await sharp(image.body).metadata()).exif).toBeUndefined();
      expect(image.body.includes(EXIF_GPS_DATUM)).toBe(false);
      expect(image.body.includes(EXIF_CAMERA_MAKE)).toBe(false);
    }
  });

  it("keeps no EXIF for the row when recordCamera is off", async () => {
    const bytes = await encodeHeic([await jpegWithExif(1)]);

    const info = await inspectImage(bytes, testLimits(), processingSchema.parse({}));

    expect(info.exif).toBeUndefined();
  });

  it("rejects a truncated HEIC with corrupt_image", async () => {
    const whole = await encodeHeic([await imageAs("png", { width: 320, height: 240 })]);
    const bytes = whole.subarray(0, Math.floor(whole.length * 0.7));

    const error = await rejectionOf(ImageRejectedError, render(bytes));

    expect(error.code).toBe("corrupt_image");
    expect(error.message).toContain("HEIC");
  });

  it("rejects a HEIC whose decoder configuration is damaged with corrupt_image, from libheif", async () => {
    const bytes = withDamagedDecoderConfig(
      await encodeHeic([await imageAs("png", { width: 320, height: 240 })]),
    );

    const error = await rejectionOf(ImageRejectedError, render(bytes));

    expect(error.code).toBe("corrupt_image");
  });

  it("rejects a HEIC bomb from its declared size with too_many_pixels, before decoding", async () => {
    const bytes = withDeclaredSize(
      await encodeHeic([await imageAs("png", { width: 64, height: 48 })]),
      100_000,
      100_000,
    );

    const error = await rejectionOf(ImageRejectedError, inspectImage(bytes, testLimits()));

    expect(error.code).toBe("too_many_pixels");
    expect(error.message).toBe(
      "The image is 100000×100000 pixels; the limit is 60,000,000 pixels.",
    );
  });
});
