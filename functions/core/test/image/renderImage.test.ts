import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  CONTENT_TYPES,
  inspectImage,
  type PipelineConfig,
  parsePipelineConfig,
  type RenderedImage,
  renderImage,
} from "../../src/index.js";
import {
  EXIF_CAMERA_MAKE,
  EXIF_GPS_DATUM,
  jpegPhoto,
  jpegWithExif,
  meanColour,
  pngWithAlpha,
  type Size,
} from "../fixtures.js";

function config(raw: Record<string, unknown> = {}): PipelineConfig {
  return parsePipelineConfig({ environment: "test", ...raw }, "test");
}

/** What a caller does: inspect, then render the variants of the config. */
async function render(bytes: Uint8Array, cfg: PipelineConfig = config()) {
  const info = await inspectImage(bytes, cfg.limits, cfg.processing);
  const { images } = await renderImage(bytes, info, cfg.variants, cfg.processing);
  return images;
}

function find(rendered: RenderedImage[], variant: string, format: RenderedImage["format"]) {
  const image = rendered.find((r) => r.variant === variant && r.format === format);
  if (!image) throw new Error(`no ${variant} ${format} among the rendered images`);
  return image;
}

/** The size sharp reads from the encoded output, not what renderImage says it is. */
async function encodedSize(image: RenderedImage): Promise<Size> {
  const { width, height } = await sharp(image.body).metadata();
  return { width, height };
}

describe("renderImage", () => {
  describe("with the default variants", () => {
    it("renders thumb, medium and large, each in WebP and JPEG", async () => {
      const bytes = await jpegPhoto({ width: 2000, height: 1500 });

      const rendered = await render(bytes);

      expect(rendered.map((r) => `${r.variant}.${r.format}`).sort()).toEqual([
        "large.jpeg",
        "large.webp",
        "medium.jpeg",
        "medium.webp",
        "thumb.jpeg",
        "thumb.webp",
      ]);
    });

    it("encodes each output in the format it claims, with its content type", async () => {
      const bytes = await jpegPhoto({ width: 2000, height: 1500 });

      const rendered = await render(bytes);

      for (const image of rendered) {
        const { format } = await sharp(image.body).metadata();
        expect(format).toBe(image.format);
        expect(image.contentType).toBe(CONTENT_TYPES[image.format]);
      }
    });

    it("crops the thumb to exactly 160×160", async () => {
      const bytes = await jpegPhoto({ width: 2000, height: 1500 });

      const rendered = await render(bytes);

      for (const format of ["webp", "jpeg"] as const) {
        const thumb = find(rendered, "thumb", format);
        expect(await encodedSize(thumb)).toEqual({ width: 160, height: 160 });
        expect(thumb).toMatchObject({ width: 160, height: 160 });
      }
    });

    it("fits medium into 640×640 and large into 1280×1280, keeping the aspect ratio", async () => {
      const bytes = await jpegPhoto({ width: 2000, height: 1500 });

      const rendered = await render(bytes);

      for (const format of ["webp", "jpeg"] as const) {
        expect(await encodedSize(find(rendered, "medium", format))).toEqual({
          width: 640,
          height: 480,
        });
        expect(await encodedSize(find(rendered, "large", format))).toEqual({
          width: 1280,
          height: 960,
        });
      }
    });

    it("fits a portrait image by its height", async () => {
      const bytes = await jpegPhoto({ width: 900, height: 1800 });

      const rendered = await render(bytes);

      expect(await encodedSize(find(rendered, "medium", "webp"))).toEqual({
        width: 320,
        height: 640,
      });
    });

    it("reports the dimensions of what it encoded", async () => {
      const bytes = await jpegPhoto({ width: 1000, height: 700 });

      const rendered = await render(bytes);

      for (const image of rendered) {
        expect(await encodedSize(image)).toEqual({ width: image.width, height: image.height });
      }
    });

    it("never enlarges a small image", async () => {
      const bytes = await jpegPhoto({ width: 120, height: 90 });

      const rendered = await render(bytes);

      for (const image of rendered) {
        const { width, height } = await encodedSize(image);
        expect(width).toBeLessThanOrEqual(120);
        expect(height).toBeLessThanOrEqual(90);
      }
      expect(await encodedSize(find(rendered, "medium", "jpeg"))).toEqual({
        width: 120,
        height: 90,
      });
      expect(await encodedSize(find(rendered, "large", "webp"))).toEqual({
        width: 120,
        height: 90,
      });
    });
  });

  describe("EXIF", () => {
    it("turns an orientation 6 photo upright: portrait, red on top, blue below", async () => {
      // Stored 300×200, left half red, right half blue; orientation 6 turns it clockwise.
      const bytes = await jpegWithExif(6, { width: 300, height: 200 });

      const rendered = await render(bytes);

      const medium = find(rendered, "medium", "jpeg");
      expect(await encodedSize(medium)).toEqual({ width: 200, height: 300 });
      const top = await meanColour(medium.body, { left: 0, top: 0, width: 200, height: 100 });
      const bottom = await meanColour(medium.body, { left: 0, top: 200, width: 200, height: 100 });
      expect(top[0]).toBeGreaterThan(180);
      expect(top[2]).toBeLessThan(60);
      expect(bottom[2]).toBeGreaterThan(180);
      expect(bottom[0]).toBeLessThan(60);
    });

    it("leaves no orientation tag behind, so viewers do not turn it again", async () => {
      const bytes = await jpegWithExif(6);

      const rendered = await render(bytes);

      for (const image of rendered) {
        const { orientation } = await sharp(image.body).metadata();
        expect(orientation ?? 1).toBe(1);
      }
    });

    it("strips EXIF, GPS included, from every output", async () => {
      const bytes = await jpegWithExif(1);
      const input = await sharp(bytes).metadata();
      expect(input.exif?.includes(EXIF_CAMERA_MAKE)).toBe(true);
      expect(input.exif?.includes(EXIF_GPS_DATUM)).toBe(true);

      const rendered = await render(bytes);

      for (const image of rendered) {
        const output = await sharp(image.body).metadata();
        expect(output.exif).toBeUndefined();
        expect(image.body.includes(EXIF_CAMERA_MAKE)).toBe(false);
        expect(image.body.includes(EXIF_GPS_DATUM)).toBe(false);
      }
    });
  });

  describe("with variants from the config", () => {
    it("renders only the formats a variant asks for", async () => {
      const bytes = await jpegPhoto({ width: 800, height: 600 });
      const custom = config({
        variants: [{ name: "square", width: 300, height: 300, fit: "cover", formats: ["jpeg"] }],
      });

      const rendered = await render(bytes, custom);

      expect(rendered).toHaveLength(1);
      expect(rendered[0]).toMatchObject({
        variant: "square",
        format: "jpeg",
        width: 300,
        height: 300,
      });
    });

    it("writes a smaller file at a lower quality", async () => {
      const bytes = await jpegPhoto({ width: 800, height: 600 });
      const variant = { name: "q", width: 800, formats: ["jpeg"] };
      const low = config({ variants: [{ ...variant, quality: 30 }] });
      const high = config({ variants: [{ ...variant, quality: 95 }] });

      const [lowImage] = await render(bytes, low);
      const [highImage] = await render(bytes, high);

      expect(lowImage?.body.length).toBeLessThan(highImage?.body.length ?? 0);
    });

    it("fits a variant with only a width by that width", async () => {
      const bytes = await jpegPhoto({ width: 800, height: 600 });
      const custom = config({ variants: [{ name: "w400", width: 400, formats: ["webp"] }] });

      const rendered = await render(bytes, custom);

      expect(await encodedSize(find(rendered, "w400", "webp"))).toEqual({
        width: 400,
        height: 300,
      });
    });

    it("enlarges when a variant allows it", async () => {
      const bytes = await jpegPhoto({ width: 120, height: 90 });
      const custom = config({
        variants: [{ name: "big", width: 240, withoutEnlargement: false, formats: ["jpeg"] }],
      });

      const rendered = await render(bytes, custom);

      expect(await encodedSize(find(rendered, "big", "jpeg"))).toEqual({ width: 240, height: 180 });
    });

    it("keeps the transparency of a PNG in WebP", async () => {
      const bytes = await pngWithAlpha({ width: 320, height: 240 });

      const rendered = await render(bytes);

      const { hasAlpha } = await sharp(find(rendered, "medium", "webp").body).metadata();
      expect(hasAlpha).toBe(true);
    });
  });
});
