import { describe, expect, it } from "vitest";
import { describeUnsupported, detectFormat, INPUT_FORMATS } from "../../src/index.js";
import { imageAs, jpegPhoto, pngWithAlpha, svgBytes, textBytes } from "../fixtures.js";
import { canEncodeHeic, encodeHeic } from "../heicFixtures.js";

/** The first bytes of an ISO media file: an ftyp box with these brands. */
function ftyp(major: string, ...compatible: string[]): Buffer {
  const size = 16 + 4 * compatible.length;
  return Buffer.from(
    `\0\0\0${String.fromCharCode(size)}ftyp${major}\0\0\0\0${compatible.join("")}`,
    "latin1",
  );
}

describe("detectFormat", () => {
  const sharpWrites = INPUT_FORMATS.filter((format) => format !== "heic");
  it.each(sharpWrites)("recognises a %s written by sharp", async (format) => {
    const bytes = await imageAs(format);

    const detected = detectFormat(bytes);

    expect(detected).toBe(format);
  });

  it("recognises a photo-like JPEG", async () => {
    const bytes = await jpegPhoto();

    const detected = detectFormat(bytes);

    expect(detected).toBe("jpeg");
  });

  it("recognises a PNG with an alpha channel", async () => {
    const bytes = await pngWithAlpha();

    const detected = detectFormat(bytes);

    expect(detected).toBe("png");
  });

  it("recognises a big-endian TIFF", async () => {
    const bytes = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 0, 0, 0]);

    const detected = detectFormat(bytes);

    expect(detected).toBe("tiff");
  });

  it("does not take a text file for an image", () => {
    const bytes = textBytes();

    const detected = detectFormat(bytes);

    expect(detected).toBeUndefined();
  });

  it("does not accept SVG, although sharp could render it", () => {
    const bytes = svgBytes();

    const detected = detectFormat(bytes);

    expect(detected).toBeUndefined();
  });

  it("returns undefined for an empty file", () => {
    const bytes = new Uint8Array();

    const detected = detectFormat(bytes);

    expect(detected).toBeUndefined();
  });

  it("returns undefined for a file shorter than any image header, even with a JPEG start", async () => {
    const bytes = (await jpegPhoto()).subarray(0, 11);

    const detected = detectFormat(bytes);

    expect(detected).toBeUndefined();
  });

  it("does not accept a RIFF file that is not WebP", () => {
    const bytes = Buffer.from("RIFF\x24\x00\x00\x00WAVEfmt ", "latin1");

    const detected = detectFormat(bytes);

    expect(detected).toBeUndefined();
  });

  it("does not accept an ISO media file that is not AVIF (an MP4 video)", () => {
    const bytes = Buffer.from("\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "latin1");

    const detected = detectFormat(bytes);

    expect(detected).toBeUndefined();
  });

  it("recognises an AVIF that names avif among its compatible brands only", () => {
    const bytes = Buffer.from("\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1avifmiaf", "latin1");

    const detected = detectFormat(bytes);

    expect(detected).toBe("avif");
  });

  it.each([
    ["heic", ["mif1", "heic"]],
    ["heix", ["mif1", "heix"]],
    ["hevc", ["msf1", "hevc"]],
    ["mif1", ["mif1"]],
    ["msf1", ["msf1"]],
  ])("recognises a HEIF with the major brand %s as heic", (major, compatible) => {
    const detected = detectFormat(ftyp(major, ...compatible));

    expect(detected).toBe("heic");
  });

  it("keeps an AVIF that also names the generic HEIF brands on sharp's path", () => {
    const detected = detectFormat(ftyp("mif1", "mif1", "miaf", "avif"));

    expect(detected).toBe("avif");
  });

  it.runIf(canEncodeHeic)("recognises a HEIC written by heif-enc", async () => {
    const bytes = await encodeHeic([await imageAs("png")]);

    const detected = detectFormat(bytes);

    expect(detected).toBe("heic");
  });
});

describe("describeUnsupported", () => {
  it.each([
    ["an SVG drawing", svgBytes()],
    ["an SVG drawing", textBytes('<?xml version="1.0"?>\n<!-- made by hand -->\n<svg></svg>')],
    ["a PDF document", textBytes("%PDF-1.7\n%âãÏÓ\n")],
  ])("names %s", (name, bytes) => {
    expect(describeUnsupported(bytes)).toBe(name);
  });

  it("names nothing for a plain text file", () => {
    expect(describeUnsupported(textBytes())).toBeUndefined();
  });
});
