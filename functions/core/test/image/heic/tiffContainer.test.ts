import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { tiffWithProfile } from "../../../src/image/heic/tiffContainer.js";

/** Display P3's ICC profile, as libvips ships it. */
async function displayP3Profile(): Promise<Uint8Array> {
  const tagged = await sharp({ create: { width: 1, height: 1, channels: 3, background: "#000" } })
    .withIccProfile("p3")
    .png()
    .toBuffer();
  const { icc } = await sharp(tagged).metadata();
  if (!icc) throw new Error("sharp wrote no profile");
  return icc;
}

describe("tiffWithProfile", () => {
  it("wraps RGB pixels so that sharp reads them back unchanged, dropping the row padding", async () => {
    // 2×2 pixels, rows padded to 8 bytes.
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 99, 99, 7, 8, 9, 10, 11, 12, 99, 99]);

    const tiff = tiffWithProfile({ width: 2, height: 2, channels: 3, stride: 8, data });

    const { data: pixels, info } = await sharp(tiff).raw().toBuffer({ resolveWithObject: true });
    expect({ width: info.width, height: info.height, channels: info.channels }).toEqual({
      width: 2,
      height: 2,
      channels: 3,
    });
    expect([...pixels]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("keeps a fourth channel as unpremultiplied alpha", async () => {
    const data = Uint8Array.from([200, 100, 50, 128]);

    const tiff = tiffWithProfile({ width: 1, height: 1, channels: 4, stride: 4, data });

    const { data: pixels, info } = await sharp(tiff).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect([...pixels]).toEqual([200, 100, 50, 128]);
  });

  it("attaches the profile, so that sharp converts the pixels to sRGB", async () => {
    // sRGB (30, 190, 40) in Display P3 numbers.
    const srgb = Buffer.from([30, 190, 40]);
    const p3 = await sharp(srgb, { raw: { width: 1, height: 1, channels: 3 } })
      .withIccProfile("p3")
      .raw()
      .toBuffer();
    const icc = await displayP3Profile();

    const tiff = tiffWithProfile({ width: 1, height: 1, channels: 3, stride: 3, data: p3, icc });

    const converted = await sharp(tiff).toColourspace("srgb").raw().toBuffer();
    expect([...converted].map((v, i) => Math.abs(v - (srgb[i] ?? 0)))).toSatisfy(
      (deltas: number[]) => deltas.every((d) => d <= 2),
    );
    expect(Math.abs((p3[0] ?? 0) - 30)).toBeGreaterThan(40);
  });

  it("refuses pixel data shorter than the size it declares", () => {
    const data = new Uint8Array(11);

    expect(() => tiffWithProfile({ width: 2, height: 2, channels: 3, stride: 6, data })).toThrow(
      RangeError,
    );
  });
});
