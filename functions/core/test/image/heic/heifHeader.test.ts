import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readHeifHeader } from "../../../src/image/heic/heifHeader.js";
import { MalformedBoxError } from "../../../src/image/heic/isoBoxes.js";
import { thrownBy } from "../../expectError.js";
import {
  canEncodeHeic,
  encodeHeic,
  flatColourPng,
  withDeclaredSize,
  withRotation,
} from "../../heicFixtures.js";

const FTYP = Buffer.from("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "latin1");

describe("readHeifHeader", () => {
  it("refuses a file without a meta box", () => {
    const error = thrownBy(MalformedBoxError, () => readHeifHeader(FTYP));

    expect(error.message).toBe("there is no meta box");
  });

  it("refuses a box that claims to run past the end of the file", () => {
    const bytes = Buffer.concat([
      FTYP,
      Buffer.from("\x00\x00\x10\x00meta\x00\x00\x00\x00", "latin1"),
    ]);

    const error = thrownBy(MalformedBoxError, () => readHeifHeader(bytes));

    expect(error.message).toBe("the meta box runs past the end of the file");
  });

  it.runIf(canEncodeHeic)("reads size, profile and alpha of the primary image", async () => {
    const png = await sharp({
      create: { width: 50, height: 30, channels: 4, background: { r: 9, g: 9, b: 9, alpha: 0.5 } },
    })
      .withIccProfile("p3")
      .png()
      .toBuffer();
    const bytes = await encodeHeic([png]);

    const header = readHeifHeader(bytes);

    expect(header).toMatchObject({ width: 50, height: 30, coded: { width: 50, height: 30 } });
    expect(header.hasAlpha).toBe(true);
    expect(header.icc?.length).toBeGreaterThan(100);
    expect(header.exif).toBeUndefined();
  });

  it.runIf(canEncodeHeic)(
    "swaps width and height for a quarter turn, not the coded size",
    async () => {
      const bytes = withRotation(
        await encodeHeic([await flatColourPng(60, 40, { r: 1, g: 2, b: 3 })]),
        1,
      );

      const header = readHeifHeader(bytes);

      expect(header).toMatchObject({ width: 40, height: 60, coded: { width: 60, height: 40 } });
      expect(header.hasAlpha).toBe(false);
    },
  );

  it.runIf(canEncodeHeic)(
    "counts the larger of a tiled image's declared size and its canvas",
    async () => {
      // heif-enc stores every image as a grid; only its ispe is changed here.
      const bytes = withDeclaredSize(
        await encodeHeic([await flatColourPng(60, 40, { r: 1, g: 2, b: 3 })]),
        20,
        90_000,
      );

      const header = readHeifHeader(bytes);

      expect(header.coded).toEqual({ width: 60, height: 90_000 });
    },
  );
});
