import { describe, expect, it } from "vitest";
import { TransformError } from "../../src/errors.js";
import { parseTransformUrl } from "../../src/parse/parseTransformUrl.js";
import { type Edits, NO_EDITS, type TransformRequest } from "../../src/parse/transformRequest.js";

const SIG = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"; // 43 characters: an HMAC-SHA256 in base64url
const SHA1 = "Ea2uWS4F9QLNnBLnCDDXvkp7Ajo="; // 28 characters: a Thumbor HMAC-SHA1

function parse(url: string): TransformRequest {
  const [path = "", query = ""] = url.split("?");
  return parseTransformUrl(path, query);
}

function rejection(url: string): TransformError {
  try {
    parse(url);
  } catch (error) {
    expect(error).toBeInstanceOf(TransformError);
    return error as TransformError;
  }
  throw new Error(`expected ${url} to be rejected`);
}

/** The resize of a URL without size, with `changes`. */
const resize = (changes: Partial<Edits["resize"]>): Edits["resize"] => ({
  ...NO_EDITS.resize,
  ...changes,
});

describe("parseTransformUrl: Thumbor's path grammar", () => {
  const cases: [string, string, Partial<Edits>][] = [
    ["nothing but the image", "/t/unsafe/demo/beach", { resize: resize({}) }],
    [
      "a box is filled and cropped",
      "/t/unsafe/300x200/demo/beach",
      { resize: resize({ width: 300, height: 200, fit: "cover" }) },
    ],
    [
      "fit-in fits inside",
      "/t/unsafe/fit-in/300x200/demo/beach",
      { resize: resize({ width: 300, height: 200, fit: "inside" }) },
    ],
    [
      "full-fit-in covers without cropping",
      "/t/unsafe/full-fit-in/300x200/demo/beach",
      { resize: resize({ width: 300, height: 200, fit: "outside" }) },
    ],
    [
      "adaptive-fit-in may swap the box",
      "/t/unsafe/adaptive-fit-in/300x200/demo/beach",
      { resize: resize({ width: 300, height: 200, fit: "inside", adaptive: true }) },
    ],
    [
      "adaptive-full-fit-in",
      "/t/unsafe/adaptive-full-fit-in/300x200/demo/beach",
      { resize: resize({ width: 300, height: 200, fit: "outside", adaptive: true }) },
    ],
    [
      "fit-in without a size keeps the size",
      "/t/unsafe/fit-in/demo/beach",
      { resize: resize({ fit: "inside" }) },
    ],
    [
      "a zero width follows the height",
      "/t/unsafe/0x200/demo/beach",
      { resize: resize({ height: 200, fit: "inside" }) },
    ],
    [
      "a zero height follows the width",
      "/t/unsafe/300x0/demo/beach",
      { resize: resize({ width: 300, fit: "inside" }) },
    ],
    ["0x0 is the source's size", "/t/unsafe/0x0/demo/beach", { resize: resize({ fit: "inside" }) }],
    [
      "a bare x is the source's size",
      "/t/unsafe/x/demo/beach",
      { resize: resize({ fit: "inside" }) },
    ],
    [
      "orig is the source's size",
      "/t/unsafe/orig/demo/beach",
      { resize: resize({ width: "orig", height: "orig", fit: "cover" }) },
    ],
    [
      "orig on one side",
      "/t/unsafe/origx100/demo/beach",
      { resize: resize({ width: "orig", height: 100, fit: "cover" }) },
    ],
    [
      "negative sides flip",
      "/t/unsafe/-300x-200/demo/beach",
      {
        resize: resize({ width: 300, height: 200, fit: "cover" }),
        flipHorizontal: true,
        flipVertical: true,
      },
    ],
    [
      "a negative zero side flips only",
      "/t/unsafe/-0x100/demo/beach",
      { resize: resize({ height: 100, fit: "inside" }), flipHorizontal: true },
    ],
    [
      "a manual crop comes first",
      "/t/unsafe/10x20:110x220/50x50/demo/beach",
      {
        crop: { left: 10, top: 20, width: 100, height: 200 },
        resize: resize({ width: 50, height: 50, fit: "cover" }),
      },
    ],
    [
      "trim from the top-left pixel",
      "/t/unsafe/trim/demo/beach",
      { trim: { corner: "top-left", tolerance: 0 } },
    ],
    [
      "trim from the bottom-right with a tolerance",
      "/t/unsafe/trim:bottom-right:50/demo/beach",
      { trim: { corner: "bottom-right", tolerance: 50 } },
    ],
    [
      "alignment places the crop",
      "/t/unsafe/300x200/left/top/demo/beach",
      { placement: "northwest", resize: resize({ width: 300, height: 200, fit: "cover" }) },
    ],
    [
      "right alone",
      "/t/unsafe/300x200/right/demo/beach",
      { placement: "east", resize: resize({ width: 300, height: 200, fit: "cover" }) },
    ],
    [
      "center/middle is the centre",
      "/t/unsafe/300x200/center/middle/demo/beach",
      { placement: "centre", resize: resize({ width: 300, height: 200, fit: "cover" }) },
    ],
    [
      "smart crops around what matters",
      "/t/unsafe/256x256/smart/demo/beach",
      { placement: "attention", resize: resize({ width: 256, height: 256, fit: "cover" }) },
    ],
    ["an owner named like an alignment is an owner", "/t/unsafe/left/beach", {}],
  ];

  it.each(cases)("%s: %s", (_, url, expected) => {
    const request = parse(url);

    expect(request.edits).toMatchObject(expected);
  });

  it("reads every part of a full URL at once", () => {
    const request = parse(
      `/t/${SIG}/trim/5x5:505x405/adaptive-full-fit-in/-200x100/right/bottom/smart/filters:format(webp):quality(70)/demo/beach@0123456789abcdef`,
    );

    expect(request.signature).toBe(SIG);
    expect(request.signed).toBe(
      "trim/5x5:505x405/adaptive-full-fit-in/-200x100/right/bottom/smart/filters:format(webp):quality(70)/demo/beach@0123456789abcdef",
    );
    expect(request.source).toEqual({
      kind: "original",
      ownerId: "demo",
      imageId: "beach",
      revision: "0123456789abcdef",
    });
    expect(request.edits).toMatchObject({
      trim: { corner: "top-left", tolerance: 0 },
      crop: { left: 5, top: 5, width: 500, height: 400 },
      resize: resize({ width: 200, height: 100, fit: "outside", adaptive: true }),
      flipHorizontal: true,
      placement: "attention",
      output: { format: "webp", quality: 70 },
    });
  });

  it("names an owner called left when the alignment would leave no image", () => {
    expect(parse("/t/unsafe/left/beach").source).toEqual({
      kind: "original",
      ownerId: "left",
      imageId: "beach",
    });
  });

  it("reads a stored variant's key as the source", () => {
    const key = "images/demo/beach/0123456789abcdef/large.89abcdef.webp";

    expect(parse(`/t/unsafe/fit-in/100x100/${key}`).source).toEqual({ kind: "variant", key });
  });

  it("accepts Thumbor's 28-character signature and a signed expiry", () => {
    const request = parse(`/t/${SHA1}/fit-in/100x100/demo/beach?expires=1900000000`);

    expect(request.signature).toBe(SHA1);
    expect(request.expires).toBe(1_900_000_000);
    expect(request.signed).toBe("fit-in/100x100/demo/beach?expires=1900000000");
  });

  it("reads percent-encoded filters", () => {
    expect(parse("/t/unsafe/filters%3Aformat%28avif%29/demo/beach").edits.output.format).toBe(
      "avif",
    );
  });

  it("returns a request that nothing can change", () => {
    const request = parse(
      "/t/unsafe/fit-in/300x200/filters:watermark(demo/logo,10,-10,50)/demo/beach",
    );

    expect(Object.isFrozen(request)).toBe(true);
    expect(Object.isFrozen(request.edits.resize)).toBe(true);
    expect(Object.isFrozen(request.edits.watermarks[0]?.x)).toBe(true);
  });
});

describe("parseTransformUrl: filters", () => {
  const filter = (text: string) => parse(`/t/unsafe/filters:${text}/demo/beach`).edits;

  it.each([
    ["format(webp)", { output: { format: "webp" } }],
    ["format(jpg)", { output: { format: "jpeg" } }],
    ["format(auto)", { output: { format: "auto" } }],
    ["quality(55)", { output: { format: "auto", quality: 55 } }],
    [
      "format(avif):quality(40):max_bytes(20000)",
      { output: { format: "avif", quality: 40, maxBytes: 20_000 } },
    ],
    ["grayscale()", { grayscale: true }],
    ["blur(8)", { blur: 4 }],
    ["blur(8,2)", { blur: 2 }],
    ["rotate(90)", { rotate: 90 }],
    ["rotate(-90)", { rotate: 270 }],
    ["rotate(360)", { rotate: undefined }],
    [
      "fill(ff0000)",
      { fill: { r: 255, g: 0, b: 0, alpha: 1 }, resize: resize({ fit: "contain" }) },
    ],
    ["fill(transparent)", { fill: { r: 0, g: 0, b: 0, alpha: 0 } }],
    ["background_color(white)", { background: { r: 255, g: 255, b: 255, alpha: 1 } }],
    ["strip_exif():strip_icc()", {}],
    ["no_upscale()", { resize: resize({ enlarge: false }) }],
    ["no_upscale():upscale()", { resize: resize({ enlarge: true }) }],
    [
      "round_corners(20|10,255,255,255)",
      { roundCorners: { rx: 20, ry: 10, colour: { r: 255, g: 255, b: 255, alpha: 1 } } },
    ],
    ["round_corners(20,0,0,0,1)", { roundCorners: { rx: 20, ry: 20 } }],
    ["brightness(40):contrast(-20)", { brightness: 40, contrast: -20 }],
    ["rgb(20,-10,0)", { rgb: { r: 20, g: -10, b: 0 } }],
    ["sharpen(2,1.0,true)", { sharpen: 1.5 }],
    ["equalize()", { equalize: true }],
    ["proportion(0.5)", { resize: resize({ scale: 0.5 }) }],
    [
      "watermark(demo/logo,-10,center,50,20,none)",
      {
        watermarks: [
          {
            source: { kind: "original", ownerId: "demo", imageId: "logo" },
            x: { kind: "pixels", value: -10 },
            y: { kind: "centre" },
            transparency: 50,
            maxWidthPercent: 20,
          },
        ],
      },
    ],
  ])("%s", (text, expected) => {
    expect(filter(text)).toMatchObject(expected);
  });
});

it("treats blur(0) as no blur, as Thumbor does", () => {
  expect(parse("/t/unsafe/filters:blur(0)/demo/beach").edits.blur).toBeUndefined();
});

describe("parseTransformUrl: the query form", () => {
  it("reads w, h, fit, fm, q, blur and dpr", () => {
    const request = parse("/t/unsafe/demo/beach?w=300&h=200&fit=inside&fm=webp&q=70&blur=2&dpr=2");

    expect(request.source).toEqual({ kind: "original", ownerId: "demo", imageId: "beach" });
    expect(request.edits).toMatchObject({
      resize: resize({ width: 300, height: 200, fit: "inside", scale: 2 }),
      blur: 2,
      output: { format: "webp", quality: 70 },
    });
    expect(request.signed).toBe("demo/beach?w=300&h=200&fit=inside&fm=webp&q=70&blur=2&dpr=2");
  });

  it("covers the box when both sides are given without a fit", () => {
    expect(parse("/t/unsafe/demo/beach?w=300&h=200").edits.resize.fit).toBe("cover");
    expect(parse("/t/unsafe/demo/beach?w=300").edits.resize.fit).toBe("inside");
  });
});

describe("parseTransformUrl: what it refuses", () => {
  it.each([
    ["no signature", "/t/fit-in/300x200/demo/beach", "bad_signature"],
    ["a remote image", "/t/unsafe/fit-in/300x200/https://example.com/a.jpg", "invalid_url"],
    ["a path out of the keys", "/t/unsafe/300x200/demo/../../secret", "invalid_url"],
    ["an encoded traversal", "/t/unsafe/demo/%2E%2E%2Fsecret", "invalid_url"],
    ["an image id with a dot", "/t/unsafe/demo/beach.jpg", "invalid_url"],
    ["a malformed revision", "/t/unsafe/demo/beach@xyz", "invalid_url"],
    ["an empty crop", "/t/unsafe/100x100:50x200/demo/beach", "invalid_url"],
    ["an unknown filter", "/t/unsafe/filters:sepia()/demo/beach", "invalid_url"],
    ["a quality out of range", "/t/unsafe/filters:quality(0)/demo/beach", "invalid_url"],
    ["a filter list without parentheses", "/t/unsafe/filters:grayscale/demo/beach", "invalid_url"],
    ["a format imgpipe does not write", "/t/unsafe/filters:format(gif)/demo/beach", "cannot_apply"],
    ["fill from the picture", "/t/unsafe/filters:fill(blur)/demo/beach", "cannot_apply"],
    ["Thumbor's metadata endpoint", "/t/unsafe/meta/300x200/demo/beach", "cannot_apply"],
    ["an unknown query parameter", "/t/unsafe/demo/beach?w=100&width=100", "invalid_url"],
    [
      "edits in the query of a Thumbor URL",
      "/t/unsafe/fit-in/100x100/demo/beach?foo=1",
      "invalid_url",
    ],
    ["a repeated parameter", "/t/unsafe/demo/beach?w=100&w=200", "invalid_url"],
    ["a dpr beyond 4", "/t/unsafe/demo/beach?w=100&dpr=5", "invalid_url"],
    ["malformed percent-encoding", "/t/unsafe/demo/be%ZZach", "invalid_url"],
  ])("refuses %s", (_, url, code) => {
    expect(rejection(url).code).toBe(code);
  });

  it("says that a remote URL is not served, and what to write instead", () => {
    const error = rejection("/t/unsafe/fit-in/300x200/https://example.com/a.jpg");

    expect(error.status).toBe(400);
    expect(error.message).toMatch(/remote URL.*<ownerId>\/<imageId>/);
  });
});
