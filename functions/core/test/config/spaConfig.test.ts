import { describe, expect, it } from "vitest";
import { parsePipelineConfig } from "../../src/config/pipelineConfig.js";
import { spaCacheControl, spaContentType } from "../../src/config/spaAssets.js";
import { parseSpaConfig, spaConfigFor } from "../../src/config/spaConfig.js";
import { ConfigError } from "../../src/errors.js";

describe("spaConfigFor", () => {
  it("gives the SPA the environment's upload limit beside where the stack put things", () => {
    const config = parsePipelineConfig(
      { environment: "dev", limits: { maxUploadBytes: 5_000_000 } },
      "test",
    );
    const deployed: Parameters<typeof spaConfigFor>[1] = {
      apiEndpoint: "https://abc.execute-api.eu-west-1.amazonaws.com",
      cdnUrl: "https://d111.cloudfront.net",
      auth: { kind: "dev", issuer: "http://127.0.0.1:4572/_local/issuer", scopes: ["images/read"] },
    };

    const spa = spaConfigFor(config, deployed);

    expect(spa).toEqual({
      environment: "dev",
      ...deployed,
      maxUploadBytes: 5_000_000,
      transforms: true,
    });
    expect(parseSpaConfig(spa)).toEqual(spa);
  });

  it("tells the SPA when transforms are off, and reads an older config.json as off", () => {
    const config = parsePipelineConfig(
      { environment: "dev", features: { transform: false } },
      "test",
    );
    const deployed: Parameters<typeof spaConfigFor>[1] = {
      apiEndpoint: "https://abc.execute-api.eu-west-1.amazonaws.com",
      cdnUrl: "https://d111.cloudfront.net",
      auth: { kind: "dev", issuer: "http://127.0.0.1:4572/_local/issuer", scopes: ["images/read"] },
    };
    const { transforms: _, ...older } = spaConfigFor(config, deployed);

    expect(spaConfigFor(config, deployed).transforms).toBe(false);
    expect(parseSpaConfig(older).transforms).toBe(false);
  });

  it("names every invalid field of a config.json", () => {
    expect(() => parseSpaConfig({ environment: "dev", apiEndpoint: "nope" })).toThrow(ConfigError);
    expect(() => parseSpaConfig({ environment: "dev", apiEndpoint: "nope" })).toThrow(
      /apiEndpoint[\s\S]*cdnUrl[\s\S]*auth/,
    );
  });
});

describe("the SPA's files", () => {
  it.each([
    ["index.html", "text/html; charset=utf-8", "no-cache"],
    ["config.json", "application/json", "no-cache"],
    [
      "assets/index-B3xk9Q1a.js",
      "text/javascript; charset=utf-8",
      "public, max-age=31536000, immutable",
    ],
    [
      "/assets/index-DEQrhPDq.CSS",
      "text/css; charset=utf-8",
      "public, max-age=31536000, immutable",
    ],
    ["LICENSE", "application/octet-stream", "no-cache"],
  ])("serves %s as %s, %s", (path, contentType, cacheControl) => {
    expect(spaContentType(path)).toBe(contentType);
    expect(spaCacheControl(path)).toBe(cacheControl);
  });
});
