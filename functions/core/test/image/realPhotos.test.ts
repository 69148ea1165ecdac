import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  inspectImage,
  type PipelineConfig,
  parsePipelineConfig,
  type RenderedImage,
  renderImage,
} from "../../src/index.js";
import {
  animation,
  EXIF_CAMERA_MAKE,
  EXIF_GPS_DATUM,
  flatImage,
  halfTransparentPng,
  jpegWithExif,
  meanColour,
  orientedJpeg,
  QUADRANTS,
} from "../fixtures.js";

const ALL_FORMATS = ["avif", "webp", "jpeg", "png"];

function config(raw: Record<string, unknown> = {}): PipelineConfig {
  return parsePipelineConfig({ environment: "test", ...raw }, "test");
}

/** One variant, 100 wide at most, in every output format. */
const everyFormat = config({ variants: [{ name: "v", width: 100, formats: ALL_FORMATS }] });

async function render(bytes: Uint8Array, cfg: PipelineConfig = everyFormat) {
  const info = await inspectImage(bytes, cfg.limits, cfg.processing);
  const result = await renderImage(bytes, info, cfg.variants, cfg.processing);
  return { info, ...result };
}

function output(images: RenderedImage[], format: string, variant = "v"): RenderedImage {
  const image = images.find((i) => i.format === format && i.variant === variant);
  if (!image) throw new Error(`no ${variant}.${format} rendered`);
  return image;
}

/** Euclidean distance between two RGB colours. */
function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));
}

describe("real-world photos", () => {
  describe.each([1, 2, 3, 4, 5, 6, 7, 8])("EXIF orientation %i", (orientation) => {
    it("comes out upright in every format, with upright dimensions recorded", async () => {
      // Upright: 300×200, red | green on top, blue | yellow below.
      const bytes = await orientedJpeg(orientation, { width: 300, height: 200 });

      const { info, images } = await render(bytes);

      expect(info).toMatchObject({ width: 300, height: 200 });
      for (const image of images) {
        expect(image).toMatchObject({ width: 100, height: 67 });
        const corners = {
          topLeft: await meanColour(image.body, { left: 5, top: 5, width: 20, height: 15 }),
          topRight: await meanColour(image.body, { left: 75, top: 5, width: 20, height: 15 }),
          bottomLeft: await meanColour(image.body, { left: 5, top: 47, width: 20, height: 15 }),
          bottomRight: await meanColour(image.body, { left: 75, top: 47, width: 20, height: 15 }),
        };
        for (const [corner, colour] of Object.entries(corners)) {
          const expected = QUADRANTS[corner as keyof typeof QUADRANTS];
          expect(distance(colour, expected), `${image.format} ${corner}`).toBeLessThan(40);
        }
        const { orientation: tag } = await sharp(image.body).metadata();
        expect(tag ?? 1).toBe(1);
      }
    });
  });

  it("strips EXIF, GPS included, from every output format", async () => {
    const bytes = await jpegWithExif(6);

    const { images } = await render(bytes);

    expect(images.map((i) => i.format).sort()).toEqual([...ALL_FORMATS].sort());
    for (const image of images) {
      const meta = await sharp(image.body).metadata();
      expect(meta.exif, image.format).toBeUndefined();
      expect(meta.xmp, image.format).toBeUndefined();
      expect(image.body.includes(EXIF_GPS_DATUM), image.format).toBe(false);
      expect(image.body.includes(EXIF_CAMERA_MAKE), image.format).toBe(false);
    }
  });

  it.each([
    ["a CMYK JPEG", "cmyk-jpeg"],
    ["a Display P3 JPEG (ICC profile)", "p3-jpeg"],
    ["a 16-bit PNG", "rgb16-png"],
  ] as const)("converts %s to 8-bit sRGB with its colour kept", async (_name, kind) => {
    // Inside every gamut involved, so that the round trip through CMYK keeps it.
    const colour = { r: 120, g: 140, b: 160 };
    const bytes = await flatImage(kind, colour);

    const { images } = await render(bytes);

    for (const image of images) {
      const meta = await sharp(image.body).metadata();
      expect(meta.space, image.format).toBe("srgb");
      expect(meta.depth, image.format).toBe("uchar");
      const mean = await meanColour(image.body, { left: 10, top: 10, width: 50, height: 50 });
      expect(distance(mean, [120, 140, 160]), image.format).toBeLessThan(8);
    }
  });

  it("reads a Display P3 photo through its profile, not as if it were sRGB", async () => {
    const bytes = await flatImage("p3-jpeg", { r: 200, g: 100, b: 50 });
    const ignoringProfile = await sharp(bytes, { ignoreIcc: true }).raw().toBuffer();

    const { images } = await render(bytes);

    const mean = await meanColour(output(images, "png").body, {
      left: 10,
      top: 10,
      width: 50,
      height: 50,
    });
    expect(distance([...ignoringProfile.subarray(0, 3)], [200, 100, 50])).toBeGreaterThan(12);
    expect(distance(mean, [200, 100, 50])).toBeLessThan(6);
  });

  it("renders a greyscale photo as grey", async () => {
    const bytes = await flatImage("grey-jpeg", { r: 90, g: 90, b: 90 });

    const { images } = await render(bytes);

    for (const image of images) {
      const [r, g, b] = await meanColour(image.body, { left: 10, top: 10, width: 50, height: 50 });
      expect(Math.max(r, g, b) - Math.min(r, g, b), image.format).toBeLessThan(4);
    }
  });

  describe("transparency", () => {
    it("is flattened onto the configured background in jpeg", async () => {
      const bytes = await halfTransparentPng({ width: 200, height: 100 });
      const cfg = config({
        variants: [{ name: "v", width: 100, formats: ALL_FORMATS }],
        processing: { background: "#ff8000" },
      });

      const { info, images } = await render(bytes, cfg);

      expect(info.hasAlpha).toBe(true);
      const jpeg = output(images, "jpeg").body;
      expect((await sharp(jpeg).metadata()).hasAlpha).toBe(false);
      const left = await meanColour(jpeg, { left: 5, top: 10, width: 30, height: 30 });
      const right = await meanColour(jpeg, { left: 65, top: 10, width: 30, height: 30 });
      expect(distance(left, [255, 128, 0])).toBeLessThan(10);
      expect(distance(right, [0, 0, 255])).toBeLessThan(10);
    });

    it.each(["avif", "webp", "png"])("is kept in %s", async (format) => {
      const bytes = await halfTransparentPng({ width: 200, height: 100 });

      const { images } = await render(bytes);

      const body = output(images, format).body;
      const { hasAlpha } = await sharp(body).metadata();
      expect(hasAlpha).toBe(true);
      const alpha = await sharp(body).extractChannel(3).extract({
        left: 5,
        top: 10,
        width: 30,
        height: 30,
      });
      const { channels } = await sharp(await alpha.png().toBuffer()).stats();
      expect(channels[0]?.max).toBeLessThan(10);
    });
  });

  describe("animations", () => {
    it.each(["gif", "webp"] as const)("keeps an animated %s animated in webp", async (input) => {
      const bytes = await animation(input, 5, { width: 120, height: 80 }, 150);

      const { info, images } = await render(bytes);

      expect(info).toMatchObject({ frames: 5, width: 120, height: 80 });
      const webp = output(images, "webp");
      const meta = await sharp(webp.body, { animated: true }).metadata();
      expect(meta.pages).toBe(5);
      expect(meta.pageHeight).toBe(67);
      expect(meta.width).toBe(100);
      expect(meta.delay).toEqual([150, 150, 150, 150, 150]);
      expect(webp).toMatchObject({ frames: 5, width: 100, height: 67 });
    });

    it("writes the first frame in formats that cannot animate", async () => {
      const bytes = await animation("gif", 5);

      const { images } = await render(bytes);

      for (const format of ["avif", "jpeg", "png"]) {
        const image = output(images, format);
        expect(image).toMatchObject({ frames: 1, width: 100, height: 67 });
        const meta = await sharp(image.body, { animated: true }).metadata();
        expect(meta.pages ?? 1, format).toBe(1);
        // Frame 0 is a grey of level 20.
        const [r] = await meanColour(image.body, { left: 10, top: 10, width: 50, height: 40 });
        expect(Math.abs(r - 20), format).toBeLessThan(8);
      }
    });

    it("keeps no more frames than processing.maxAnimationFrames", async () => {
      const bytes = await animation("gif", 6);
      const cfg = config({
        variants: [{ name: "v", width: 100, formats: ["webp"] }],
        processing: { maxAnimationFrames: 3 },
      });

      const { info, images } = await render(bytes, cfg);

      expect(info).toMatchObject({ frames: 6, framesToDecode: 3 });
      const meta = await sharp(output(images, "webp").body, { animated: true }).metadata();
      expect(meta.pages).toBe(3);
    });

    it("centres a smart crop of an animation (libvips cannot smart-crop frames)", async () => {
      const bytes = await animation("gif", 3, { width: 120, height: 80 });
      const cfg = config({
        variants: [
          {
            name: "v",
            width: 40,
            height: 40,
            fit: "cover",
            position: "attention",
            formats: ["webp"],
          },
        ],
      });

      const { images } = await render(bytes, cfg);

      const meta = await sharp(output(images, "webp").body, { animated: true }).metadata();
      expect([meta.width, meta.pageHeight, meta.pages]).toEqual([40, 40, 3]);
    });
  });
});
