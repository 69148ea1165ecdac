import { describe, expect, it } from "vitest";
import {
  ConfigError,
  type PipelineConfig,
  type ProcessImageResources,
  parsePipelineConfig,
  parseProcessImageEnvironment,
  processImageEnvironment,
} from "../../src/index.js";
import { thrownBy } from "../expectError.js";

const RESOURCES: ProcessImageResources = {
  processedBucket: "imgpipe-dev-processed",
  imagesTable: "imgpipe-dev-images",
  eventsTopicArn: "arn:aws:sns:eu-west-1:123456789012:imgpipe-dev-events",
};

function devConfig(overrides: Record<string, unknown> = {}): PipelineConfig {
  return parsePipelineConfig({ environment: "dev", ...overrides }, "config/dev.json");
}

describe("processImageEnvironment", () => {
  it("writes only strings, one variable per setting", () => {
    const config = devConfig();

    const env = processImageEnvironment(config, RESOURCES);

    expect(Object.keys(env).sort()).toEqual([
      "IMGPIPE_EVENTS_TOPIC_ARN",
      "IMGPIPE_IMAGES_TABLE",
      "IMGPIPE_LIMITS",
      "IMGPIPE_PROCESSED_BUCKET",
      "IMGPIPE_PROCESSING",
      "IMGPIPE_VARIANTS",
    ]);
    for (const value of Object.values(env)) expect(typeof value).toBe("string");
  });
});

describe("parseProcessImageEnvironment", () => {
  it("reads back the resources, variants and limits of the config", () => {
    const config = devConfig();
    const env = processImageEnvironment(config, RESOURCES);

    const settings = parseProcessImageEnvironment(env);

    expect(settings).toEqual({
      ...RESOURCES,
      variants: config.variants,
      limits: config.limits,
      processing: config.processing,
      logLevel: "info",
    });
  });

  it("round-trips custom variants and limits unchanged", () => {
    const config = devConfig({
      variants: [
        { name: "square", width: 300, height: 300, fit: "cover", formats: ["jpeg"], quality: 70 },
        { name: "tall", height: 900, withoutEnlargement: false, position: "attention" },
        { name: "hero", width: 1600, formats: [{ format: "avif", quality: 45, effort: 2 }, "png"] },
      ],
      limits: { maxUploadBytes: 5 * 1024 * 1024, maxInputPixels: 12_000_000, maxFrames: 50 },
      processing: { background: "#000000", maxAnimationFrames: 10, recordCamera: true },
    });
    const env = processImageEnvironment(config, RESOURCES);

    const settings = parseProcessImageEnvironment(env);

    expect(settings.variants).toEqual(config.variants);
    expect(settings.limits).toEqual(config.limits);
    expect(settings.processing).toEqual(config.processing);
  });

  it("reads LOG_LEVEL when it is set", () => {
    const env = { ...processImageEnvironment(devConfig(), RESOURCES), LOG_LEVEL: "debug" };

    const settings = parseProcessImageEnvironment(env);

    expect(settings.logLevel).toBe("debug");
  });

  it("ignores the variables Lambda sets itself", () => {
    const env = {
      ...processImageEnvironment(devConfig(), RESOURCES),
      AWS_REGION: "eu-west-1",
      AWS_LAMBDA_FUNCTION_NAME: "imgpipe-dev-process-image",
    };

    const settings = parseProcessImageEnvironment(env);

    expect(settings.processedBucket).toBe(RESOURCES.processedBucket);
  });

  it.each([
    "IMGPIPE_PROCESSED_BUCKET",
    "IMGPIPE_IMAGES_TABLE",
    "IMGPIPE_EVENTS_TOPIC_ARN",
    "IMGPIPE_VARIANTS",
    "IMGPIPE_LIMITS",
  ])("names %s when it is missing", (name) => {
    const env: Record<string, string | undefined> = processImageEnvironment(devConfig(), RESOURCES);
    delete env[name];

    const error = thrownBy(ConfigError, () => parseProcessImageEnvironment(env));

    expect(error.code).toBe("invalid_config");
    expect(error.message).toContain("Invalid process-image environment");
    expect(error.message).toContain(`→ at ${name}`);
  });

  it("says IMGPIPE_VARIANTS must be JSON when it is not", () => {
    const env = {
      ...processImageEnvironment(devConfig(), RESOURCES),
      IMGPIPE_VARIANTS: "thumb,medium",
    };

    const error = thrownBy(ConfigError, () => parseProcessImageEnvironment(env));

    expect(error.message).toContain("must be JSON");
    expect(error.message).toContain("→ at IMGPIPE_VARIANTS");
  });

  it("says IMGPIPE_LIMITS must be JSON when it is not", () => {
    const env = { ...processImageEnvironment(devConfig(), RESOURCES), IMGPIPE_LIMITS: "{max: 1" };

    const error = thrownBy(ConfigError, () => parseProcessImageEnvironment(env));

    expect(error.message).toContain("must be JSON");
    expect(error.message).toContain("→ at IMGPIPE_LIMITS");
  });

  it("validates the variants inside IMGPIPE_VARIANTS, with their path", () => {
    const variants = JSON.stringify([{ name: "thumb" }]);
    const env = { ...processImageEnvironment(devConfig(), RESOURCES), IMGPIPE_VARIANTS: variants };

    const error = thrownBy(ConfigError, () => parseProcessImageEnvironment(env));

    expect(error.message).toContain("a variant needs a width, a height or both");
    expect(error.message).toContain("→ at IMGPIPE_VARIANTS[0]");
  });

  it("rejects a topic that is not an ARN", () => {
    const env = {
      ...processImageEnvironment(devConfig(), RESOURCES),
      IMGPIPE_EVENTS_TOPIC_ARN: "imgpipe-dev-events",
    };

    const error = thrownBy(ConfigError, () => parseProcessImageEnvironment(env));

    expect(error.message).toContain("→ at IMGPIPE_EVENTS_TOPIC_ARN");
  });

  it("rejects an unknown LOG_LEVEL", () => {
    const env = { ...processImageEnvironment(devConfig(), RESOURCES), LOG_LEVEL: "verbose" };

    const error = thrownBy(ConfigError, () => parseProcessImageEnvironment(env));

    expect(error.message).toContain("→ at LOG_LEVEL");
  });
});
