import { describe, expect, it } from "vitest";
import { ConfigError, parsePipelineConfig } from "../../src/index.js";
import { thrownBy } from "../expectError.js";

const SOURCE = "config/test.json";

describe("deployment settings", () => {
  describe("defaults", () => {
    it("turns the API, the SPA and the transform endpoint on and leaves the custom domain off", () => {
      const config = parsePipelineConfig({ environment: "dev" }, SOURCE);

      expect(config.features).toEqual({ api: true, spa: true, transform: true });
      expect(config.domain).toBeUndefined();
    });

    it("signs users in with a Cognito user pool, without OAuth callbacks", () => {
      const config = parsePipelineConfig({ environment: "dev" }, SOURCE);

      expect(config.auth).toEqual({ provider: "cognito", callbackUrls: [] });
    });

    it("sizes the functions and keeps their logs for 30 days", () => {
      const config = parsePipelineConfig({ environment: "dev" }, SOURCE);

      expect(config.functions).toEqual({
        logRetentionDays: 30,
        processImage: { memoryMb: 2048, timeoutSeconds: 60 },
        transform: { memoryMb: 1536, timeoutSeconds: 30 },
        api: { memoryMb: 1536, timeoutSeconds: 29 },
      });
    });

    it("keeps originals forever, pending rows for a day, and protects data from deletion", () => {
      const config = parsePipelineConfig({ environment: "dev" }, SOURCE);

      expect(config.retention).toEqual({ pendingUploadHours: 24 });
      expect(config.deletionProtection).toBe(true);
      expect(config.alarms).toEqual({});
      expect(config.api).toEqual({ throttleRatePerSecond: 50, throttleBurst: 100 });
    });

    it("fills in the other size when a config sets only one", () => {
      const raw = { environment: "dev", functions: { processImage: { memoryMb: 3008 } } };

      const config = parsePipelineConfig(raw, SOURCE);

      expect(config.functions.processImage).toEqual({ memoryMb: 3008, timeoutSeconds: 60 });
      expect(config.functions.transform).toEqual({ memoryMb: 1536, timeoutSeconds: 30 });
    });
  });

  describe("values a config sets", () => {
    it("keeps switches, an OIDC issuer, a domain, retention and an alarm address", () => {
      const raw = {
        environment: "prod",
        features: { api: false, transform: false },
        auth: {
          provider: "oidc",
          issuer: "https://login.example.com/",
          audience: ["imgpipe-web"],
        },
        domain: {
          name: "images.example.com",
          hostedZoneId: "Z0123456789ABCDEFGHIJ",
          certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb",
        },
        retention: { originalsDays: 90, pendingUploadHours: 6 },
        alarms: { email: "oncall@example.com" },
        deletionProtection: false,
      };

      const config = parsePipelineConfig(raw, SOURCE);

      expect(config).toMatchObject(raw);
    });
  });

  describe("errors", () => {
    it("refuses an OIDC issuer over plain HTTP", () => {
      const raw = {
        environment: "dev",
        auth: { provider: "oidc", issuer: "http://login.example.com", audience: ["web"] },
      };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("use an https URL");
      expect(error.message).toContain("→ at auth.issuer");
    });

    it("refuses an OIDC provider without an audience", () => {
      const raw = {
        environment: "dev",
        auth: { provider: "oidc", issuer: "https://login.example.com", audience: [] },
      };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("→ at auth.audience");
    });

    it("refuses an unknown sign-in provider", () => {
      const raw = { environment: "dev", auth: { provider: "ldap" } };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("→ at auth.provider");
    });

    it("refuses a certificate outside us-east-1, where CloudFront looks for it", () => {
      const raw = {
        environment: "dev",
        domain: {
          name: "images.example.com",
          certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
        },
      };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("use an ACM certificate ARN in us-east-1");
    });

    it("refuses a domain with neither a hosted zone nor a certificate", () => {
      const raw = { environment: "dev", domain: { name: "images.example.com" } };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("a domain needs a hostedZoneId");
    });

    it("refuses a domain name with a scheme", () => {
      const raw = {
        environment: "dev",
        domain: { name: "https://images.example.com", hostedZoneId: "Z0123456789ABC" },
      };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("→ at domain.name");
    });

    it("refuses a log retention CloudWatch does not offer", () => {
      const raw = { environment: "dev", functions: { logRetentionDays: 10 } };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("use one of CloudWatch's retention periods");
    });

    it("refuses a function larger than Lambda allows", () => {
      const raw = { environment: "dev", functions: { processImage: { memoryMb: 20_000 } } };

      const error = thrownBy(ConfigError, () => parsePipelineConfig(raw, SOURCE));

      expect(error.message).toContain("→ at functions.processImage.memoryMb");
    });
  });
});
