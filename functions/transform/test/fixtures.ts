import sharp from "sharp";
import { gradient } from "../../core/test/fixtures.js";

/** Images for the tests, generated with sharp when a test runs: no binary fixture is committed. */

/** A photo-like JPEG, 800×600 unless told. */
export function jpegPhoto(width = 800, height = 600): Promise<Buffer> {
  return gradient({ width, height }).jpeg({ quality: 90 }).toBuffer();
}

/** A JPEG stored 300×200 with EXIF orientation 6: upright it is 200×300. */
export function sidewaysJpeg(): Promise<Buffer> {
  return gradient({ width: 300, height: 200 }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
}

/** A 400×300 picture framed by a 50-pixel white border, for trim. */
export function framedJpeg(): Promise<Buffer> {
  return gradient({ width: 300, height: 200 })
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
