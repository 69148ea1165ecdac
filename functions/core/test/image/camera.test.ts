import sharp, { type Exif } from "sharp";
import { describe, expect, it } from "vitest";
import { cameraDetails } from "../../src/index.js";
import { jpegPhoto } from "../fixtures.js";

async function exifOf(tags: Exif): Promise<Buffer | undefined> {
  const bytes = await sharp(await jpegPhoto({ width: 32, height: 32 }))
    .withExif(tags)
    .jpeg()
    .toBuffer();
  return (await sharp(bytes).metadata()).exif;
}

describe("cameraDetails", () => {
  it("reads make, model and the capture time as the camera's clock said it", async () => {
    const exif = await exifOf({
      IFD0: { Make: "Fujifilm", Model: "X100V" },
      IFD2: { DateTimeOriginal: "2024:05:01 18:30:05", OffsetTimeOriginal: "+02:00" },
    });

    const camera = cameraDetails(exif);

    expect(camera).toEqual({
      make: "Fujifilm",
      model: "X100V",
      capturedAt: "2024-05-01T18:30:05+02:00",
    });
  });

  it("gives a capture time without a zone when the camera recorded none", async () => {
    const exif = await exifOf({ IFD2: { DateTimeOriginal: "2023:12:24 07:00:00" } });

    expect(cameraDetails(exif)).toEqual({ capturedAt: "2023-12-24T07:00:00" });
  });

  it("reads nothing but make, model and time (no GPS)", async () => {
    const exif = await exifOf({
      IFD0: { Make: "Acme" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 2976/100" },
    });

    expect(cameraDetails(exif)).toEqual({ make: "Acme" });
  });

  it("cuts overlong text written by the uploader", async () => {
    const exif = await exifOf({ IFD0: { Make: "M".repeat(500) } });

    expect(cameraDetails(exif)?.make).toHaveLength(64);
  });

  it("returns undefined for missing or malformed EXIF", () => {
    expect(cameraDetails(undefined)).toBeUndefined();
    expect(cameraDetails(Buffer.from("Exif\0\0garbage"))).toBeUndefined();
  });
});
