import { describe, expect, it } from "vitest";
import {
  ConfigError,
  ImgpipeError,
  parsePipelineConfig,
  resourceName,
  type Variant,
} from "../../src/index.js";
import { thrownBy } from "../expectError.js";

const SOURCE = "config/test.json";

describe("parsePipelineConfig", () => {
  describe("defaults", () => {
    it("fills in project, region, limits, webhooks and CORS origins", () => {
      const raw = { environment: "dev" };

      const config = parsePipelineConfig(raw, SOURCE);

      expect(config).toMatchObject({
        project: "imgpipe",
        environment: "dev",
        region: "us-east-1",
        limits: { maxUploadBytes: 25 * 1024 * 1024, maxInputPixels: 60_000_000 },
        webhooks: [],
        corsOrigins: [],
      });
    });

    it("renders thumb 160×160 cover, medium 640 inside and large 1280 inside", () => {
      const raw = { environment: "dev" };

      const config = parsePipelineConfig(raw, SOURCE);

      const byName = Object.fromEntries(config.variants.map((v) => [v.name, v]));
      expect(config.variants.map((v) => v.name)).toEqual(["thumb", "medium", "large"]);
      expect(byName.thumb).toMatchObject({ width: 160, height: 160, fit: "cover" });
      expect(byName.medium).toMatchObject({ width: 640, height: 640, fit: "inside" });
      expect(byName.large).toMatchObject({ width: 1280, height: 1280, fit: "inside" });
    });

    it("gives every default variant its own defaults: webp and jpeg, quality 80, no enlargement", () => {
      const raw = { environment: "dev" };

      const config = parsePipelineConfig(raw, SOURCE);

      for (const variant of config.variants) {
        expect(variant).toMatchObject({
          formats: [
            { format: "webp", quality: 80, effort: 4 },
            { format: "jpeg", quality: 80 },
          ],
          position: "centre",
          withoutEnlargement: true,
        } satisfies Partial<Variant>);
      }
    });

    it("fills in processing: white background, 100 animation frames, no camera details", () => {
      const raw = { environment: "dev" };

      const config = parsePipelineConfig(raw, SOURCE);

      expect(config.processing).toEqual({
        background: "#ffffff",
        maxAnimationFrames: 100,
        recordCamera: false,
      });
      expect(config.limits.maxFrames).toBe(1000);
    });

    it("fills in the defaults of a variant the config declares", () => {
      const raw = { environment: "dev", variants: [{ name: "banner", width: 1200 }] };

      const config = parsePipelineConfig(raw, SOURCE);

      expect(config.variants).toEqual([
        {
          name: "banner",
          width: 1200,
          fit: "inside",
          position: "centre",
          withoutEnlargement: true,
          formats: [
            { format: "webp", quality: 80, effort: 4 },
            { format: "jpeg", quality: 80 },
          ],
        },
      ]);
    });

    it("does not share default objects between two parsed configs", () => {
      const first = parsePipelineConfig({ environment: "dev" }, SOURCE);

      first.variants[0]?.formats.push({ format: "png" });
      first.limits.maxInputPixels = 1;
      const second = parsePipelineConfig({ environment: "dev" }, SOURCE);

      expect(second.variants[0]?.formats.map((f) => f.format)).toEqual(["webp", "jpeg"]);
      expect(second.limits.maxInputPixels).toBe(60_000_000);
    });

    it("keeps values the config sets", () => {
      const raw = {
        project: "photos",
        environment: "prod",
        region: "eu-west-1",
        limits: { maxUploadBytes: 2048, maxInputPixels: 1000 },
        webhooks: [{ url: "https://hooks.example.com/imgpipe", events: ["image.failed"] }],
        corsOrigins: ["https://app.example.com"],
      };

      const config = parsePipelineConfig(raw, SOURCE);

      expect(config).toMatchObject(raw);
    });
  });

  describe("errors", () => {
    it("is a ConfigError with code invalid_config that names the source", () => {
      const raw = { environment: "Not A Slug" };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error).toBeInstanceOf(ImgpipeError);
      expect(error.name).toBe("ConfigError");
      expect(error.code).toBe("invalid_config");
      expect(error.message).toContain(`Invalid imgpipe config in ${SOURCE}`);
    });

    it("keeps the validation error as the cause", () => {
      const raw = { environment: "Not A Slug" };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.cause).toBeInstanceOf(Error);
    });

    it("names the source 'config' when none is given", () => {
      const raw = {};

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw));

      expect(error.message).toContain("Invalid imgpipe config in config:");
    });

    it("requires an environment", () => {
      const raw = {};

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toMatch(/→ at environment/);
    });

    it("rejects a variant name with capitals and spaces, with the field path and a hint", () => {
      const raw = { environment: "dev", variants: [{ name: "Big Thumb", width: 100 }] };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("use lowercase letters, digits and dashes (max 32)");
      expect(error.message).toContain("→ at variants[0].name");
    });

    it("rejects a variant with neither width nor height", () => {
      const raw = { environment: "dev", variants: [{ name: "thumb", width: 100 }, { name: "x" }] };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("a variant needs a width, a height or both");
      expect(error.message).toContain("→ at variants[1]");
    });

    it("rejects two variants with the same name", () => {
      const raw = {
        environment: "dev",
        variants: [
          { name: "thumb", width: 100 },
          { name: "thumb", width: 200 },
        ],
      };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("variant names must be unique");
      expect(error.message).toContain("→ at variants");
    });

    it("rejects an empty variant list", () => {
      const raw = { environment: "dev", variants: [] };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("→ at variants");
    });

    it("rejects an output format imgpipe does not write", () => {
      const raw = { environment: "dev", variants: [{ name: "t", width: 10, formats: ["gif"] }] };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("→ at variants[0].formats[0]");
    });

    it.each([
      ["ftp", "ftp://hooks.example.com/imgpipe"],
      ["javascript", "javascript:alert(1)"],
      ["not a URL", "hooks.example.com"],
    ])("rejects a %s webhook URL", (_kind, url) => {
      const raw = { environment: "dev", webhooks: [{ url }] };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("a webhook needs an http(s) URL");
      expect(error.message).toContain("→ at webhooks[0].url");
    });

    it("accepts an http webhook URL (the local cloud's)", () => {
      const raw = { environment: "local", webhooks: [{ url: "http://localhost:4000/hook" }] };

      const config = parsePipelineConfig(raw, SOURCE);

      expect(config.webhooks[0]?.url).toBe("http://localhost:4000/hook");
    });

    it("rejects an unknown event type in a webhook's events, listing the known ones", () => {
      const raw = {
        environment: "dev",
        webhooks: [
          { url: "https://hooks.example.com", events: ["image.processed", "image.renamed"] },
        ],
      };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("→ at webhooks[0].events[1]");
      expect(error.message).toContain('"image.processed"|"image.failed"');
    });

    it("rejects a region that is not an AWS region", () => {
      const raw = { environment: "dev", region: "europe" };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("use an AWS region such as eu-west-1");
      expect(error.message).toContain("→ at region");
    });

    it("rejects limits below the minimum upload size", () => {
      const raw = { environment: "dev", limits: { maxUploadBytes: 10 } };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("→ at limits.maxUploadBytes");
    });

    it("lists every invalid field, not only the first", () => {
      const raw = {
        environment: "dev",
        region: "europe",
        variants: [{ name: "Bad", width: 1 }],
        webhooks: [{ url: "ftp://x.example.com" }],
      };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("→ at region");
      expect(error.message).toContain("→ at variants[0].name");
      expect(error.message).toContain("→ at webhooks[0].url");
    });
  });
});

describe("resourceName", () => {
  it("joins project, environment and part with dashes", () => {
    const config = parsePipelineConfig({ environment: "dev" }, SOURCE);

    const name = resourceName(config, "uploads");

    expect(name).toBe("imgpipe-dev-uploads");
  });

  it("uses the project the config sets", () => {
    const config = { project: "photos", environment: "prod" };

    const name = resourceName(config, "images");

    expect(name).toBe("photos-prod-images");
  });
});
