import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  cameraDetails,
  ImageRejectedError,
  ImgpipeError,
  inspectImage,
  parsePipelineConfig,
  processingSchema,
  REJECTION_CODES,
  renderImage,
} from "../../src/index.js";
import { rejectionOf } from "../expectError.js";
import {
  animation,
  flatPng,
  imageAs,
  jpegPhoto,
  jpegWithExif,
  pngWithAlpha,
  svgBytes,
  testLimits,
  textBytes,
  truncated,
} from "../fixtures.js";

/** A message for people: a capitalised sentence that ends with a full stop. */
const SENTENCE = /^[A-Z].*\.$/s;

describe("inspectImage", () => {
  describe("accepts", () => {
    it("a JPEG and reports its format, size in pixels and bytes", async () => {
      const bytes = await jpegPhoto({ width: 800, height: 600 });

      const info = await inspectImage(bytes, testLimits());

      expect(info).toEqual({
        format: "jpeg",
        width: 800,
        height: 600,
        bytes: bytes.length,
        frames: 1,
        framesToDecode: 1,
        hasAlpha: false,
      });
    });

    it("a PNG with an alpha channel", async () => {
      const bytes = await pngWithAlpha({ width: 320, height: 240 });

      const info = await inspectImage(bytes, testLimits());

      expect(info).toMatchObject({ format: "png", width: 320, height: 240, hasAlpha: true });
    });

    it.each(["webp", "gif", "tiff", "avif"] as const)("a %s", async (format) => {
      const bytes = await imageAs(format, { width: 64, height: 48 });

      const info = await inspectImage(bytes, testLimits());

      expect(info).toMatchObject({ format, width: 64, height: 48 });
    });

    it("an image of exactly maxInputPixels", async () => {
      const bytes = await flatPng({ width: 1000, height: 1000 });

      const info = await inspectImage(bytes, testLimits({ maxInputPixels: 1_000_000 }));

      expect(info.width * info.height).toBe(1_000_000);
    });

    it("a file of exactly maxUploadBytes", async () => {
      const bytes = await jpegPhoto({ width: 200, height: 150 });

      const info = await inspectImage(bytes, testLimits({ maxUploadBytes: bytes.length }));

      expect(info.bytes).toBe(bytes.length);
    });
  });

  describe("animations", () => {
    it("counts the frames of an animated GIF and keeps their timing", async () => {
      const bytes = await animation("gif", 4, { width: 60, height: 40 }, 250);

      const info = await inspectImage(bytes, testLimits());

      expect(info).toMatchObject({
        format: "gif",
        width: 60,
        height: 40,
        frames: 4,
        framesToDecode: 4,
        animation: { delay: [250, 250, 250, 250], loop: 0 },
      });
    });

    it("decodes no more frames than processing.maxAnimationFrames, and counts only those", async () => {
      const bytes = await animation("webp", 8, { width: 100, height: 100 });
      const processing = processingSchema.parse({ maxAnimationFrames: 2 });

      const info = await inspectImage(bytes, testLimits({ maxInputPixels: 20_000 }), processing);

      expect(info).toMatchObject({ frames: 8, framesToDecode: 2 });
    });
  });

  describe("camera details", () => {
    it("keeps the EXIF for them only when processing.recordCamera is on", async () => {
      const bytes = await jpegWithExif(1);

      const off = await inspectImage(bytes, testLimits());
      const on = await inspectImage(
        bytes,
        testLimits(),
        processingSchema.parse({ recordCamera: true }),
      );

      expect(off.exif).toBeUndefined();
      expect(cameraDetails(on.exif)).toEqual({ make: "ImgpipeTestCam", model: "Model 1" });
    });
  });

  describe("EXIF orientation", () => {
    it("reports the upright size of a JPEG with orientation 6 (width and height swapped)", async () => {
      const bytes = await jpegWithExif(6, { width: 300, height: 200 });

      const info = await inspectImage(bytes, testLimits());

      expect(info).toMatchObject({ width: 200, height: 300 });
    });

    it("keeps width and height of a JPEG with orientation 3 (upside down)", async () => {
      const bytes = await jpegWithExif(3, { width: 300, height: 200 });

      const info = await inspectImage(bytes, testLimits());

      expect(info).toMatchObject({ width: 300, height: 200 });
    });
  });

  describe("rejects", () => {
    it("an empty file with empty_file", async () => {
      const bytes = new Uint8Array();

      const error = await rejectionOf(ImageRejectedError, inspectImage(bytes, testLimits()));

      expect(error.code).toBe("empty_file");
      expect(error.message).toBe("The file is empty.");
    });

    it("a file over maxUploadBytes with file_too_large, before looking at its content", async () => {
      const bytes = Buffer.concat([await jpegPhoto(), textBytes("x".repeat(4096))]);
      const limits = testLimits({ maxUploadBytes: 2048 });

      const error = await rejectionOf(ImageRejectedError, inspectImage(bytes, limits));

      expect(error.code).toBe("file_too_large");
      expect(error.message).toMatch(/^The file is \d+ KiB; the limit is 2 KiB\.$/);
    });

    it("states sizes in MiB once they reach a mebibyte", async () => {
      const bytes = new Uint8Array(3 * 1024 * 1024);
      const limits = testLimits({ maxUploadBytes: 2 * 1024 * 1024 });

      const error = await rejectionOf(ImageRejectedError, inspectImage(bytes, limits));

      expect(error.message).toBe("The file is 3.0 MiB; the limit is 2.0 MiB.");
    });

    it("a text file with unsupported_format (the bytes decide, not the file name)", async () => {
      const bytes = textBytes();

      const error = await rejectionOf(ImageRejectedError, inspectImage(bytes, testLimits()));

      expect(error.code).toBe("unsupported_format");
      expect(error.message).toBe(
        "The file is not an image in a supported format (JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC).",
      );
    });

    it("an SVG with unsupported_format", async () => {
      const bytes = svgBytes();

      const error = await rejectionOf(ImageRejectedError, inspectImage(bytes, testLimits()));

      expect(error.code).toBe("unsupported_format");
    });

    it("an image over maxInputPixels with too_many_pixels", async () => {
      const bytes = await flatPng({ width: 4000, height: 4000 });
      const limits = testLimits({ maxInputPixels: 1_000_000 });

      const error = await rejectionOf(ImageRejectedError, inspectImage(bytes, limits));

      expect(error.code).toBe("too_many_pixels");
      expect(error.message).toBe("The image is 4000×4000 pixels; the limit is 1,000,000 pixels.");
    });

    it("a PNG bomb from its header alone, without decoding the pixels", async () => {
      // Only the first KiB: the header is there, the pixel data is not, so a decode
      // would fail as corrupt. too_many_pixels shows that only the header was read.
      const headerOnly = (await flatPng({ width: 4000, height: 4000 })).subarray(0, 1024);
      await expect(sharp(headerOnly).raw().toBuffer()).rejects.toThrow();
      const limits = testLimits({ maxInputPixels: 1_000_000 });

      const error = await rejectionOf(ImageRejectedError, inspectImage(headerOnly, limits));

      expect(error.code).toBe("too_many_pixels");
    });

    it("an animation with more frames than maxFrames with too_many_frames", async () => {
      const bytes = await animation("gif", 12, { width: 20, height: 20 });

      const error = await rejectionOf(
        ImageRejectedError,
        inspectImage(bytes, testLimits({ maxFrames: 10 })),
      );

      expect(error.code).toBe("too_many_frames");
      expect(error.message).toBe("The animation has 12 frames; the limit is 10.");
    });

    it("an animation whose decoded frames together exceed maxInputPixels", async () => {
      // 100×100 × 8 frames = 80,000 pixels, though each frame alone is within the limit.
      const bytes = await animation("webp", 8, { width: 100, height: 100 });
      const limits = testLimits({ maxInputPixels: 50_000 });

      const error = await rejectionOf(ImageRejectedError, inspectImage(bytes, limits));

      expect(error.code).toBe("too_many_pixels");
      expect(error.message).toBe(
        "The animation is 100×100 pixels × 8 frames (80,000 pixels); the limit is 50,000 pixels.",
      );
    });

    it("an SVG, saying what it is", async () => {
      const error = await rejectionOf(ImageRejectedError, inspectImage(svgBytes(), testLimits()));

      expect(error.message).toBe(
        "The file is an SVG drawing, which is not accepted; upload a JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC image.",
      );
    });

    it("a file that starts like a HEIC but has no image in it with corrupt_image", async () => {
      const bytes = Buffer.concat([
        Buffer.from("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "latin1"),
        Buffer.from("\x00\x00\x00\x10free\x00\x00\x00\x00\x00\x00\x00\x00", "latin1"),
      ]);

      const error = await rejectionOf(ImageRejectedError, inspectImage(bytes, testLimits()));

      expect(error.code).toBe("corrupt_image");
      expect(error.message).toBe(
        "The file starts like a HEIC image but cannot be decoded: it is truncated or corrupt.",
      );
    });

    it("a file that starts like a JPEG but has no image with corrupt_image", async () => {
      const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(64)]);

      const error = await rejectionOf(ImageRejectedError, inspectImage(bytes, testLimits()));

      expect(error.code).toBe("corrupt_image");
      expect(error.message).toBe(
        "The file starts like a JPEG image but cannot be decoded: it is truncated or corrupt.",
      );
      expect(error.cause).toBeInstanceOf(Error);
    });
  });

  it("rejects every kind of bad upload with an ImageRejectedError and a readable sentence", async () => {
    const limits = testLimits({ maxUploadBytes: 64 * 1024, maxInputPixels: 1_000_000 });
    const uploads = [
      new Uint8Array(),
      new Uint8Array(65 * 1024),
      textBytes(),
      svgBytes(),
      await flatPng({ width: 2000, height: 1000 }),
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(64)]),
    ];

    const errors = await Promise.all(
      uploads.map((bytes) => rejectionOf(ImageRejectedError, inspectImage(bytes, limits))),
    );

    expect(errors.map((e) => e.code).sort()).toEqual([
      "corrupt_image",
      "empty_file",
      "file_too_large",
      "too_many_pixels",
      "unsupported_format",
      "unsupported_format",
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ImgpipeError);
      expect(error.name).toBe("ImageRejectedError");
      expect(REJECTION_CODES).toContain(error.code);
      expect(error.message).toMatch(SENTENCE);
    }
  });
});

describe("inspectImage then renderImage", () => {
  const { variants, limits, processing } = parsePipelineConfig({ environment: "test" }, "test");

  async function inspectThenRender(bytes: Uint8Array) {
    const info = await inspectImage(bytes, limits, processing);
    return (await renderImage(bytes, info, variants, processing)).images;
  }

  it("rejects a truncated JPEG with corrupt_image, whichever step notices", async () => {
    const bytes = truncated(await jpegPhoto({ width: 800, height: 600 }), 0.5);

    const error = await rejectionOf(ImageRejectedError, inspectThenRender(bytes));

    expect(error.code).toBe("corrupt_image");
    expect(error.message).toBe(
      "The file starts like a JPEG image but cannot be decoded: it is truncated or corrupt.",
    );
  });

  it("rejects a truncated PNG with corrupt_image", async () => {
    const bytes = truncated(await pngWithAlpha({ width: 320, height: 240 }), 0.5);

    const error = await rejectionOf(ImageRejectedError, inspectThenRender(bytes));

    expect(error.code).toBe("corrupt_image");
    expect(error.message).toContain("starts like a PNG image");
  });

  it("renders the same JPEG when it is whole", async () => {
    const bytes = await jpegPhoto({ width: 800, height: 600 });

    const rendered = await inspectThenRender(bytes);

    expect(rendered).toHaveLength(6);
  });
});
