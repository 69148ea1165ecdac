import { describe, expect, it } from "vitest";
import { ConfigError, parsePipelineConfig } from "../../src/index.js";
import { thrownBy } from "../expectError.js";

const SOURCE = "config/test.json";

describe("transform.effort", () => {
  it("defaults to the variants' encoder efforts, WebP 4 and AVIF 3", () => {
    const config = parsePipelineConfig({ environment: "dev" }, SOURCE);

    expect(config.transform.effort).toEqual({ webp: 4, avif: 3 });
  });

  it("takes one format's effort and keeps the other's default", () => {
    const config = parsePipelineConfig(
      { environment: "dev", transform: { effort: { avif: 4 } } },
      SOURCE,
    );

    expect(config.transform.effort).toEqual({ webp: 4, avif: 4 });
  });

  it("refuses an effort the encoder does not have, naming the field", () => {
    const error = thrownBy(ConfigError, () =>
      parsePipelineConfig({ environment: "dev", transform: { effort: { webp: 7 } } }, SOURCE),
    );

    expect(error.message).toContain("transform.effort.webp");
  });

  it("refuses an effort for a format without one", () => {
    const error = thrownBy(ConfigError, () =>
      parsePipelineConfig({ environment: "dev", transform: { effort: { jpeg: 5 } } }, SOURCE),
    );

    expect(error.message).toContain("jpeg");
  });
});
