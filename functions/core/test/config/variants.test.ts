import { describe, expect, it } from "vitest";
import { ConfigError, parsePipelineConfig } from "../../src/index.js";
import { thrownBy } from "../expectError.js";

const SOURCE = "config/test.json";

function variantsOf(variants: unknown[]) {
  return parsePipelineConfig({ environment: "dev", variants }, SOURCE).variants;
}

describe("variant formats", () => {
  it("adds avif with one word, at its own default quality and effort", () => {
    const [variant] = variantsOf([{ name: "large", width: 1280, formats: ["avif", "webp"] }]);

    expect(variant?.formats).toEqual([
      { format: "avif", quality: 50, effort: 3 },
      { format: "webp", quality: 80, effort: 4 },
    ]);
  });

  it("takes quality and effort per format", () => {
    const formats = [
      { format: "avif", quality: 40, effort: 7 },
      { format: "webp", effort: 6 },
      { format: "jpeg", quality: 90 },
    ];

    const [variant] = variantsOf([{ name: "large", width: 1280, formats }]);

    expect(variant?.formats).toEqual([
      { format: "avif", quality: 40, effort: 7 },
      { format: "webp", quality: 80, effort: 6 },
      { format: "jpeg", quality: 90 },
    ]);
  });

  it("applies the variant-wide quality of older configs to the lossy formats without their own", () => {
    const formats = ["jpeg", { format: "webp", quality: 60 }, "png"];

    const [variant] = variantsOf([{ name: "q", width: 100, quality: 70, formats }]);

    expect(variant?.formats).toEqual([
      { format: "jpeg", quality: 70 },
      { format: "webp", quality: 60, effort: 4 },
      { format: "png" },
    ]);
  });

  it("keeps png lossless unless a quality asks for a palette", () => {
    const [lossless, palette] = variantsOf([
      { name: "a", width: 100, formats: ["png"] },
      { name: "b", width: 100, formats: [{ format: "png", quality: 60 }] },
    ]);

    expect(lossless?.formats).toEqual([{ format: "png" }]);
    expect(palette?.formats).toEqual([{ format: "png", quality: 60 }]);
  });

  it("parses its own output again to the same variants (they travel as JSON)", () => {
    const variants = variantsOf([
      { name: "a", width: 100, quality: 70, formats: ["jpeg", { format: "avif", effort: 2 }] },
    ]);

    const again = variantsOf(JSON.parse(JSON.stringify(variants)));

    expect(again).toEqual(variants);
  });

  it.each([
    ["a webp effort above 6", { format: "webp", effort: 7 }, "formats[0]"],
    ["an avif effort above 9", { format: "avif", effort: 10 }, "formats[0]"],
    ["an effort for jpeg", { format: "jpeg", effort: 3 }, "formats[0]"],
    ["a quality of 0", { format: "jpeg", quality: 0 }, "formats[0]"],
  ])("rejects %s", (_case, format, path) => {
    const raw = { environment: "dev", variants: [{ name: "v", width: 10, formats: [format] }] };

    const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

    expect(error.message).toContain(`→ at variants[0].${path}`);
  });

  it("rejects a format listed twice in a variant", () => {
    const raw = {
      environment: "dev",
      variants: [{ name: "v", width: 10, formats: ["webp", { format: "webp", quality: 50 }] }],
    };

    const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

    expect(error.message).toContain("a variant lists each format once");
  });
});

describe("variant position", () => {
  it.each(["attention", "entropy", "north", "southwest"])("accepts %s", (position) => {
    const [variant] = variantsOf([{ name: "t", width: 100, height: 100, fit: "cover", position }]);

    expect(variant?.position).toBe(position);
  });

  it("rejects a position sharp does not know", () => {
    const raw = {
      environment: "dev",
      variants: [{ name: "t", width: 100, position: "middle" }],
    };

    const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

    expect(error.message).toContain("→ at variants[0].position");
  });
});

describe("processing", () => {
  it("rejects a background that is not a hex colour", () => {
    const raw = { environment: "dev", processing: { background: "white" } };

    const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

    expect(error.message).toContain("use a hex colour such as #ffffff");
    expect(error.message).toContain("→ at processing.background");
  });

  it("keeps the values a config sets", () => {
    const processing = { background: "#102030", maxAnimationFrames: 12, recordCamera: true };

    const config = parsePipelineConfig({ environment: "dev", processing }, SOURCE);

    expect(config.processing).toEqual(processing);
  });
});
