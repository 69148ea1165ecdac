import { describe, expect, it } from "vitest";
import { apiEnvironment, parseApiEnvironment, parsePipelineConfig } from "../../src/index.js";

const RESOURCES = {
  uploadsBucket: "imgpipe-dev-uploads",
  processedBucket: "imgpipe-dev-processed",
  imagesTable: "imgpipe-dev-images",
  eventsTopicArn: "arn:aws:sns:eu-west-1:123456789012:imgpipe-dev-events",
  cdnUrl: "https://d111.cloudfront.net",
};
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:imgpipe-dev-key-AbCdEf";

describe("apiEnvironment and parseApiEnvironment", () => {
  it("gives the API the transform settings and the signing key's secret when transforms are on", () => {
    const config = parsePipelineConfig(
      {
        environment: "dev",
        transform: { srcsetWidths: [400, 800], signedUrlHours: 24, maxOutputSide: 2048 },
        processing: { background: "#000000" },
      },
      "test",
    );

    const env = apiEnvironment(config, { ...RESOURCES, signingKey: { secretArn: SECRET } });
    const settings = parseApiEnvironment(env);

    expect(settings.transform?.signingKey).toEqual({ secretArn: SECRET });
    expect(settings.transform?.settings.srcsetWidths).toEqual([400, 800]);
    expect(settings.transform?.settings.signedUrlHours).toBe(24);
    // POST /transform's bounds and the background it flattens JPEG onto.
    expect(settings.transform?.settings.maxOutputSide).toBe(2048);
    expect(settings.processing.background).toBe("#000000");
  });

  it("leaves the transform settings and the key out when transforms are off", () => {
    const config = parsePipelineConfig(
      { environment: "dev", features: { transform: false } },
      "test",
    );

    const env = apiEnvironment(config, { ...RESOURCES, signingKey: { value: "k".repeat(32) } });

    expect(Object.keys(env).filter((name) => /TRANSFORM|SIGNING/.test(name))).toEqual([]);
    expect(parseApiEnvironment(env).transform).toBeUndefined();
  });

  it("refuses to build transforms on without a signing key", () => {
    const config = parsePipelineConfig({ environment: "dev" }, "test");

    expect(() => apiEnvironment(config, RESOURCES)).toThrow(/signing key/);
  });

  it("refuses an environment with transform settings but no key", () => {
    const config = parsePipelineConfig({ environment: "dev" }, "test");
    const env = apiEnvironment(config, { ...RESOURCES, signingKey: { value: "k".repeat(32) } });
    delete env.IMGPIPE_SIGNING_KEY;

    expect(() => parseApiEnvironment(env)).toThrow(/IMGPIPE_SIGNING_KEY_SECRET_ARN/);
  });
});
