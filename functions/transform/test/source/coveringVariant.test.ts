import { inspectImage, limitsSchema, processingSchema, transformSchema } from "@imgpipe/core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { parseTransformUrl } from "../../src/parse/parseTransformUrl.js";
import { planOutput } from "../../src/render/outputPlan.js";
import { renderTransform } from "../../src/render/renderTransform.js";
import {
  coveringVariant,
  planForVariant,
  type StoredVariant,
} from "../../src/source/coveringVariant.js";
import { jpegPhoto } from "../fixtures.js";

const TRANSFORM = transformSchema.parse({});
/** A 5640×3172 photo and what the default variants make of it. */
const PHOTO = { width: 5640, height: 3172, hasAlpha: false };
const variant = (name: string, format: StoredVariant["format"], width: number, height: number) => ({
  name,
  format,
  width,
  height,
  key: `processed/alice/beach/${name}.${format}`,
});
const DEFAULT_VARIANTS: StoredVariant[] = [
  variant("thumb", "webp", 160, 160),
  variant("thumb", "jpeg", 160, 160),
  variant("medium", "webp", 640, 360),
  variant("medium", "jpeg", 640, 360),
  variant("large", "webp", 1280, 720),
  variant("large", "jpeg", 1280, 720),
];

function chosen(url: string, original = PHOTO, variants = DEFAULT_VARIANTS) {
  const { edits } = parseTransformUrl(`/t/unsafe/${url}/alice/beach`, "");
  return coveringVariant(original, variants, edits, planOutput(original, edits, TRANSFORM));
}

describe("coveringVariant: the stored variant a transform renders from", () => {
  it("takes the smallest variant with two pixels a side per output pixel", () => {
    expect(chosen("fit-in/512x512")).toMatchObject({ name: "large", format: "jpeg" });
    expect(chosen("300x0")?.name).toBe("medium");
    expect(chosen("fit-in/160x160")?.name).toBe("medium");
  });

  it("measures a cover crop by the picture it is cut from, not by its box", () => {
    // 256×256 is cut from the photo scaled to 455×256: medium (640×360) is too small.
    expect(chosen("256x256/smart")?.name).toBe("large");
    expect(chosen("100x100/smart")?.name).toBe("medium");
  });

  it("decodes the original for an output close to its variants' size or beyond them", () => {
    expect(chosen("fit-in/1024x1024")).toBeUndefined();
    expect(chosen("2000x0")).toBeUndefined();
    expect(
      chosen("orig/filters:grayscale()", { ...PHOTO, width: 2560, height: 1440 }),
    ).toBeUndefined();
  });

  it("decodes the original for edits in its own coordinates: a crop or a trim", () => {
    expect(chosen("10x10:2000x2000/100x100")).toBeUndefined();
    expect(chosen("trim/100x100")).toBeUndefined();
  });

  it("never takes a variant that is a crop of the picture, however large", () => {
    const square = [variant("square", "jpeg", 3000, 3000)];

    expect(chosen("fit-in/512x512", PHOTO, square)).toBeUndefined();
  });

  it("keeps transparency: a JPEG variant never stands in for a transparent original", () => {
    const transparent = { ...PHOTO, hasAlpha: true };

    expect(chosen("fit-in/512x512", transparent)?.format).toBe("webp");
    expect(
      chosen("fit-in/512x512", transparent, [variant("large", "jpeg", 1280, 720)]),
    ).toBeUndefined();
  });

  it("leaves AVIF variants alone: they decode more slowly than they save", () => {
    expect(chosen("fit-in/512x512", PHOTO, [variant("large", "avif", 1280, 720)])).toBeUndefined();
  });
});

describe("planForVariant: the output rendered from a variant is the original's, to the pixel", () => {
  const LIMITS = limitsSchema.parse({});
  const PROCESSING = processingSchema.parse({});

  /** Renders `url` from a variant of an original of `original` pixels, the variant `variantWidth` wide. */
  async function fromVariant(
    url: string,
    original: { width: number; height: number },
    variantWidth: number,
  ) {
    const { edits } = parseTransformUrl(`/t/unsafe/${url}/alice/beach`, "");
    const bytes = await sharp(await jpegPhoto(original.width, original.height))
      .resize({ width: variantWidth })
      .jpeg()
      .toBuffer();
    const plan = planOutput({ ...original }, edits, TRANSFORM);
    const rendered = await renderTransform({
      bytes,
      info: await inspectImage(bytes, LIMITS),
      edits,
      plan: planForVariant(plan),
      format: "jpeg",
      processing: PROCESSING,
      effort: TRANSFORM.effort,
      watermarks: [],
    });
    return { plan, rendered };
  }

  it("gives fit-in the size planned from the original where the variant's rounding differs", async () => {
    // 1300×142 scaled to 160 wide is 17 tall; its 640-wide variant (640×70) would give 18.
    const { plan, rendered } = await fromVariant(
      "fit-in/160x160",
      { width: 1300, height: 142 },
      640,
    );

    expect(plan.size).toEqual({ width: 160, height: 17 });
    expect({ width: rendered.width, height: rendered.height }).toEqual(plan.size);
  });

  it("keeps a box: a cover crop is the box's size from any source", async () => {
    const { plan, rendered } = await fromVariant("120x90/smart", { width: 1300, height: 142 }, 640);

    expect({ width: rendered.width, height: rendered.height }).toEqual(plan.size);
  });
});
