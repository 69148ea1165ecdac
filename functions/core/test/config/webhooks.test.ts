import { describe, expect, it } from "vitest";
import {
  ConfigError,
  parsePipelineConfig,
  webhookDeliveryPolicy,
  webhookFilterPolicy,
} from "../../src/index.js";
import { thrownBy } from "../expectError.js";

const parse = (environment: string, webhooks: unknown[]) =>
  parsePipelineConfig({ environment, webhooks }, "config/test.json");

describe("webhooks in the config", () => {
  it("fills in raw delivery off and the default delivery policy", () => {
    const [webhook] = parse("prod", [
      { name: "crm", url: "https://crm.example.com/hooks" },
    ]).webhooks;

    expect(webhook).toEqual({
      name: "crm",
      url: "https://crm.example.com/hooks",
      rawDelivery: false,
      delivery: {
        retries: 25,
        minDelaySeconds: 1,
        maxDelaySeconds: 60,
        minDelayRetries: 2,
        maxDelayRetries: 15,
        backoff: "exponential",
        maxReceivesPerSecond: 10,
      },
    });
  });

  it("refuses plain http outside the local environment, naming the field and the fix", () => {
    const error = thrownBy(ConfigError, () =>
      parse("prod", [{ name: "crm", url: "http://crm.example.com/hooks" }]),
    );

    expect(error.message).toContain(
      'plain http webhooks are only allowed in the "local" environment; use https',
    );
    expect(error.message).toContain("→ at webhooks[0].url");
  });

  it("accepts plain http in the local environment", () => {
    const config = parse("local", [{ name: "dev", url: "http://127.0.0.1:4000/hooks" }]);

    expect(config.webhooks[0]?.url).toBe("http://127.0.0.1:4000/hooks");
  });

  it("refuses a name or a URL used twice", () => {
    const error = thrownBy(ConfigError, () =>
      parse("prod", [
        { name: "crm", url: "https://a.example.com" },
        { name: "crm", url: "https://b.example.com" },
        { name: "other", url: "https://a.example.com" },
      ]),
    );

    expect(error.message).toContain('the webhook name "crm" is used twice');
    expect(error.message).toContain("→ at webhooks[1].name");
    expect(error.message).toContain("this URL is listed twice");
    expect(error.message).toContain("→ at webhooks[2].url");
  });

  it("refuses a webhook without a name, and a delay range upside down", () => {
    const error = thrownBy(ConfigError, () =>
      parse("prod", [
        { url: "https://a.example.com" },
        {
          name: "b",
          url: "https://b.example.com",
          delivery: { minDelaySeconds: 30, maxDelaySeconds: 5 },
        },
      ]),
    );

    expect(error.message).toContain("→ at webhooks[0].name");
    expect(error.message).toContain("minDelaySeconds must not exceed maxDelaySeconds");
  });
});

describe("webhookFilterPolicy", () => {
  it("filters on eventType and ownerId when the webhook names them", () => {
    const [webhook] = parse("prod", [
      {
        name: "crm",
        url: "https://crm.example.com",
        events: ["image.failed"],
        owners: ["alice", "bob"],
      },
    ]).webhooks;

    const policy = webhook && webhookFilterPolicy(webhook);

    expect(policy).toEqual({ eventType: ["image.failed"], ownerId: ["alice", "bob"] });
  });

  it("is undefined for a webhook that takes everything", () => {
    const [webhook] = parse("prod", [{ name: "crm", url: "https://crm.example.com" }]).webhooks;

    const policy = webhook && webhookFilterPolicy(webhook);

    expect(policy).toBeUndefined();
  });
});

describe("webhookDeliveryPolicy", () => {
  it("turns the webhook's delivery settings into an SNS delivery policy", () => {
    const [webhook] = parse("prod", [
      {
        name: "crm",
        url: "https://crm.example.com",
        delivery: { retries: 5, minDelaySeconds: 2, maxDelaySeconds: 20, backoff: "linear" },
      },
    ]).webhooks;

    const policy = webhook && webhookDeliveryPolicy(webhook);

    expect(policy).toEqual({
      healthyRetryPolicy: {
        numRetries: 5,
        numNoDelayRetries: 0,
        minDelayTarget: 2,
        maxDelayTarget: 20,
        numMinDelayRetries: 2,
        numMaxDelayRetries: 3,
        backoffFunction: "linear",
      },
      throttlePolicy: { maxReceivesPerSecond: 10 },
      requestPolicy: { headerContentType: "application/json; charset=UTF-8" },
    });
  });
});
