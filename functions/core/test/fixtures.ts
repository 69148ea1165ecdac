import { crc32, deflateSync } from "node:zlib";
import sharp, { type Sharp } from "sharp";
import { type Limits, limitsSchema } from "../src/index.js";

/**
 * Images for the tests, generated with sharp when a test runs, so that no binary
 * fixture is committed and every fixture says how it was made.
 */

export interface Size {
  width: number;
  height: number;
}

/** Formats sharp can write that imgpipe accepts as input. */
export type EncodableFormat = "jpeg" | "png" | "webp" | "gif" | "tiff" | "avif";

/** Written into the EXIF of `jpegWithExif`, so tests can tell the tags are there. */
export const EXIF_CAMERA_MAKE = "ImgpipeTestCam";
export const EXIF_GPS_DATUM = "WGS-84";

/** The default limits of a pipeline config, optionally overridden. */
export function testLimits(overrides: Partial<Limits> = {}): Limits {
  return limitsSchema.parse(overrides);
}

/** A smooth RGB gradient: compresses and decodes like a photo, unlike a flat colour. */
export function gradient({ width, height }: Size): Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = Math.round((x / width) * 255);
      pixels[i + 1] = Math.round((y / height) * 255);
      pixels[i + 2] = Math.round(((x + y) / (width + height)) * 255);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** A photo-like JPEG. */
export function jpegPhoto(size: Size = { width: 800, height: 600 }): Promise<Buffer> {
  return gradient(size).jpeg({ quality: 90 }).toBuffer();
}

/** The photo-like gradient in any accepted input format. */
export function imageAs(
  format: EncodableFormat,
  size: Size = { width: 64, height: 48 },
): Promise<Buffer> {
  return gradient(size).toFormat(format).toBuffer();
}

/** A PNG with an alpha channel: a half-transparent square. */
export function pngWithAlpha(size: Size = { width: 320, height: 240 }): Promise<Buffer> {
  return sharp({
    create: { ...size, channels: 4, background: { r: 40, g: 120, b: 200, alpha: 0.5 } },
  })
    .png()
    .toBuffer();
}

/** A flat PNG: large in pixels, tiny in bytes (what a decompression bomb looks like). */
export function flatPng(size: Size): Promise<Buffer> {
  return sharp({ create: { ...size, channels: 3, background: "#808080" } })
    .png()
    .toBuffer();
}

/**
 * A valid black-and-white PNG of any size, written by hand: sharp itself refuses to
 * create an image over its own 268 MP limit. At 1 bit per pixel a 16500×16500 bomb is
 * 34 MB of pixels that deflate to about 33 KB.
 */
export function pngBomb(size: Size): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size.width, 0);
  header.writeUInt32BE(size.height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  const row = 1 + Math.ceil(size.width / 8); // a filter byte, then the bits
  const pixels = deflateSync(Buffer.alloc(row * size.height));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", pixels),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A JPEG whose stored pixels are `stored` (left half red, right half blue) with EXIF
 * orientation, camera and GPS tags. With orientation 6 a viewer turns it 90° clockwise,
 * so the upright picture is `stored.height × stored.width`, red on top, blue below.
 */
export function jpegWithExif(
  orientation: number,
  stored: Size = { width: 300, height: 200 },
): Promise<Buffer> {
  const { width, height } = stored;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (x < width / 2) pixels[i] = 220;
      else pixels[i + 2] = 220;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg()
    .withMetadata({ orientation })
    .withExif({
      IFD0: { Make: EXIF_CAMERA_MAKE, Model: "Model 1" },
      IFD3: {
        GPSMapDatum: EXIF_GPS_DATUM,
        GPSLatitudeRef: "N",
        GPSLatitude: "48/1 51/1 2976/100",
        GPSLongitudeRef: "E",
        GPSLongitude: "2/1 17/1 4021/100",
      },
    })
    .toBuffer();
}

/** The first part of a file, as left by an interrupted upload. */
export function truncated(bytes: Uint8Array, keep = 0.5): Buffer {
  return Buffer.from(bytes.subarray(0, Math.floor(bytes.length * keep)));
}

/** Bytes that are not an image. */
export function textBytes(text = "Dear user, this is a text file, not a photo.\n"): Buffer {
  return Buffer.from(text, "utf8");
}

/** An SVG: an image, but one imgpipe refuses (it can carry scripts and external refs). */
export function svgBytes(): Buffer {
  return textBytes(
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">' +
      '<rect width="100" height="100" fill="red"/></svg>',
  );
}

/** The mean colour (R, G, B, rounded) of a region of an encoded image. */
export async function meanColour(
  image: Uint8Array,
  region: { left: number; top: number; width: number; height: number },
): Promise<[number, number, number]> {
  // stats() reads the input, not the pipeline, so extract into a buffer first.
  const part = await sharp(image).extract(region).png().toBuffer();
  const [r, g, b] = (await sharp(part).stats()).channels.map((c) => Math.round(c.mean));
  return [r ?? 0, g ?? 0, b ?? 0];
}

/** The four quadrant colours of `orientedJpeg`'s upright picture, top-left first. */
export const QUADRANTS = {
  topLeft: [220, 0, 0],
  topRight: [0, 220, 0],
  bottomLeft: [0, 0, 220],
  bottomRight: [220, 220, 0],
} as const;

/** How each EXIF orientation stores an upright picture (the inverse of what a viewer does). */
const STORE_FOR_ORIENTATION: Record<number, ((image: Sharp) => Sharp)[]> = {
  1: [],
  2: [(s) => s.flop()],
  3: [(s) => s.rotate(180)],
  4: [(s) => s.flip()],
  5: [(s) => s.rotate(90), (s) => s.flop()],
  6: [(s) => s.rotate(270)],
  7: [(s) => s.rotate(90), (s) => s.flip()],
  8: [(s) => s.rotate(90)],
};

/**
 * A JPEG with EXIF orientation `orientation` whose upright picture is `upright` in size
 * with four coloured quadrants (QUADRANTS). The stored pixels are turned and mirrored so
 * that a viewer honouring the tag shows the upright picture.
 */
export async function orientedJpeg(
  orientation: number,
  upright: Size = { width: 300, height: 200 },
): Promise<Buffer> {
  const { width, height } = upright;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const top = y < height / 2;
      const left = x < width / 2;
      const colour = top
        ? left
          ? QUADRANTS.topLeft
          : QUADRANTS.topRight
        : left
          ? QUADRANTS.bottomLeft
          : QUADRANTS.bottomRight;
      pixels.set(colour, (y * width + x) * 3);
    }
  }
  // One operation per pass: sharp would otherwise reorder rotate and flip.
  let stored = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
  for (const step of STORE_FOR_ORIENTATION[orientation] ?? []) {
    stored = await step(sharp(stored)).png().toBuffer();
  }
  return sharp(stored).jpeg({ quality: 95 }).withMetadata({ orientation }).toBuffer();
}

/** A flat colour in a colour space or bit depth that needs converting. */
export function flatImage(
  kind: "cmyk-jpeg" | "p3-jpeg" | "grey-jpeg" | "rgb16-png",
  colour: { r: number; g: number; b: number },
  size: Size = { width: 200, height: 150 },
): Promise<Buffer> {
  const image = sharp({ create: { ...size, channels: 3, background: colour } });
  switch (kind) {
    case "cmyk-jpeg":
      return image.toColourspace("cmyk").jpeg({ quality: 95 }).toBuffer();
    case "p3-jpeg":
      // Converts the sRGB colour into Display P3 numbers and tags the file as P3.
      return image.withIccProfile("p3").jpeg({ quality: 95 }).toBuffer();
    case "grey-jpeg":
      return image.toColourspace("b-w").jpeg({ quality: 95 }).toBuffer();
    case "rgb16-png":
      return image.toColourspace("rgb16").png().toBuffer();
  }
}

/** A PNG whose left half is fully transparent and right half opaque blue. */
export function halfTransparentPng(size: Size = { width: 200, height: 100 }): Promise<Buffer> {
  const { width, height } = size;
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = width / 2; x < width; x++) pixels.set([0, 0, 255, 255], (y * width + x) * 4);
  }
  return sharp(pixels, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}

/**
 * An animation whose frame i is a flat grey of level 20 + 40·i (so frames differ and
 * none is merged away), with `delay` ms per frame.
 */
export function animation(
  format: "gif" | "webp",
  frames: number,
  size: Size = { width: 120, height: 80 },
  delay = 100,
): Promise<Buffer> {
  const { width, height } = size;
  const pixels = Buffer.alloc(width * height * frames * 3);
  for (let f = 0; f < frames; f++) {
    pixels.fill((20 + 40 * f) % 256, f * width * height * 3, (f + 1) * width * height * 3);
  }
  const image = sharp(pixels, {
    raw: { width, height: height * frames, channels: 3, pageHeight: height },
  });
  const timing = { delay: Array.from({ length: frames }, () => delay), loop: 0 };
  return (
    format === "gif" ? image.gif(timing) : image.webp({ ...timing, lossless: true })
  ).toBuffer();
}
