import { describe, expect, it } from "vitest";
import { parsePipelineConfig, planRender, scaleFor } from "../../src/index.js";

function configWith(variants?: unknown[], processing?: unknown) {
  return parsePipelineConfig({ environment: "test", variants, processing }, "test");
}

const defaults = configWith();
const still = (width: number, height: number) => ({ width, height, framesToDecode: 1 });

describe("planRender", () => {
  it("decodes a large photo once, shrunk to what the largest variant needs", () => {
    const plan = planRender(still(6000, 4000), defaults.variants, defaults.processing);

    expect(plan.frames).toBe(1);
    expect(plan.decodeSize).toEqual({ width: 1280, height: 853 });
  });

  it("decodes at full size when a variant needs every pixel", () => {
    const plan = planRender(still(1000, 750), defaults.variants, defaults.processing);

    expect(plan.decodeSize).toBeUndefined();
    expect(plan.variants.find((v) => v.name === "large")?.resize).toMatchObject({
      width: 1280,
      height: 1280,
      fit: "inside",
      withoutEnlargement: true,
    });
  });

  it("cascades: large is the decode, medium comes from large, thumb from medium", () => {
    const plan = planRender(still(2400, 1600), defaults.variants, defaults.processing);

    const steps = Object.fromEntries(
      plan.variants.map((v) => [
        v.name,
        [v.from, v.resize?.width, v.resize?.height, v.resize?.fit],
      ]),
    );
    expect(plan.decodeSize).toEqual({ width: 1280, height: 853 });
    expect(steps).toEqual({
      thumb: ["medium", 160, 160, "cover"],
      medium: ["large", 640, 427, "fill"],
      large: [undefined, undefined, undefined, undefined],
    });
    expect(plan.previewFrom).toBe("medium");
  });

  it("sizes inside variants from the original, so a cascade drifts by no pixel", () => {
    // b is resized to the size worked out from the original, whatever a was rounded to.
    const { variants, processing } = configWith([
      { name: "a", width: 900 },
      { name: "b", width: 333 },
    ]);

    const plan = planRender(still(1001, 667), variants, processing);

    expect(plan.variants.map((v) => [v.from, v.resize?.width, v.resize?.height])).toEqual([
      [undefined, undefined, undefined],
      ["a", 333, 222],
    ]);
  });

  it("never cascades from a cropped variant", () => {
    const { variants, processing } = configWith([
      { name: "square", width: 800, height: 800, fit: "cover" },
      { name: "small", width: 200 },
    ]);

    const plan = planRender(still(4000, 3000), variants, processing);

    expect(plan.variants.map((v) => v.from)).toEqual([undefined, undefined]);
  });

  it("keeps the cover crop's position, smart crops included", () => {
    const { variants, processing } = configWith([
      { name: "square", width: 200, height: 200, fit: "cover", position: "attention" },
    ]);

    const plan = planRender(still(4000, 3000), variants, processing);

    expect(plan.variants[0]?.resize).toMatchObject({
      width: 200,
      height: 200,
      fit: "cover",
      position: "attention",
    });
    expect(plan.decodeSize).toEqual({ width: 267, height: 200 });
  });

  it("centres smart crops of an animation", () => {
    const { variants, processing } = configWith([
      { name: "square", width: 50, height: 50, fit: "cover", position: "entropy" },
    ]);

    const plan = planRender({ width: 200, height: 100, framesToDecode: 8 }, variants, processing);

    expect(plan.frames).toBe(8);
    expect(plan.variants[0]?.resize?.position).toBe("centre");
  });

  it("animates only the formats that can, and flattens only jpeg, onto the background", () => {
    const { variants, processing } = configWith(
      [
        { name: "v", width: 50, formats: ["webp", "jpeg", "avif", "png"] },
        { name: "box", width: 40, height: 40, fit: "contain", formats: ["jpeg"] },
      ],
      { background: "#102030" },
    );

    const plan = planRender({ width: 200, height: 100, framesToDecode: 4 }, variants, processing);

    expect(
      plan.variants[0]?.outputs.map((o) => [o.settings.format, o.animated, o.flatten]),
    ).toEqual([
      ["webp", true, undefined],
      ["jpeg", false, "#102030"],
      ["avif", false, undefined],
      ["png", false, undefined],
    ]);
    expect(plan.variants[1]?.resize?.background).toEqual({ r: 16, g: 32, b: 48, alpha: 0 });
    expect(plan.variants.map((v) => v.from)).toEqual([undefined, undefined]);
  });
});

describe("scaleFor", () => {
  const source = { width: 4000, height: 2000 };

  it.each([
    ["inside", 0.1],
    ["contain", 0.1],
    ["cover", 0.2],
    ["outside", 0.2],
    ["fill", 0.2],
  ] as const)("a 400×400 %s variant needs %f of a 4000×2000 photo", (fit, scale) => {
    expect(scaleFor(source, { width: 400, height: 400, fit })).toBeCloseTo(scale);
  });

  it("follows the one side a variant gives", () => {
    expect(scaleFor(source, { height: 500, fit: "inside" })).toBeCloseTo(0.25);
    expect(scaleFor(source, { width: 8000, fit: "inside" })).toBeCloseTo(2);
  });
});
