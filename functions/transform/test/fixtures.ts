import sharp, { type Sharp } from "sharp";

/** Images for the tests, generated with sharp when a test runs: no binary fixture is committed. */

/** A smooth RGB gradient: compresses and decodes like a photo, unlike a flat colour. */
function gradient(width: number, height: number): Sharp {
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

/** A photo-like JPEG, 800×600 unless told. */
export function jpegPhoto(width = 800, height = 600): Promise<Buffer> {
  return gradient(width, height).jpeg({ quality: 90 }).toBuffer();
}

/** A JPEG stored 300×200 with EXIF orientation 6: upright it is 200×300. */
export function sidewaysJpeg(): Promise<Buffer> {
  return gradient(300, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
}

/** A 400×300 picture framed by a 50-pixel white border, for trim. */
export function framedJpeg(): Promise<Buffer> {
  return gradient(300, 200)
    .extend({ top: 50, bottom: 50, left: 50, right: 50, background: "#ffffff" })
    .png()
    .toBuffer();
}

/** A half-transparent blue PNG. */
export function translucentPng(width = 320, height = 240): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 4, background: { r: 40, g: 120, b: 200, alpha: 0.5 } },
  })
    .png()
    .toBuffer();
}
