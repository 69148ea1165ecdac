import sharp from "sharp";

/** A photo-like JPEG: a gradient with detail, so the encoders have real work to do. */
export async function photoJpeg(width = 2400, height = 1600): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = ((x ^ y) & 0xff) / 2;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Written into the EXIF of `photoWithGps`, to look for in the outputs. */
export const GPS_DATUM = "WGS-84";

/** A phone-like photo: EXIF orientation 6 (stored landscape, shown portrait) and GPS tags. */
export async function photoWithGps(width = 1200, height = 900): Promise<Buffer> {
  return sharp(await photoJpeg(width, height))
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "ImgpipePhone", Model: "P1" },
      IFD3: { GPSMapDatum: GPS_DATUM, GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 2976/100" },
    })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** An animated GIF of `frames` frames, each a different flat grey. */
export function animatedGif(frames: number, width = 64, height = 48): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * frames * 3);
  for (let f = 0; f < frames; f++) {
    pixels.fill((20 * f) % 256, f * width * height * 3, (f + 1) * width * height * 3);
  }
  return sharp(pixels, { raw: { width, height: height * frames, channels: 3, pageHeight: height } })
    .gif({ delay: Array.from({ length: frames }, () => 100) })
    .toBuffer();
}

/** A flat PNG: many pixels in few bytes, as a decompression bomb is. */
export function flatPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#808080" } })
    .png()
    .toBuffer();
}
