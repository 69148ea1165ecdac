import { describe, expect, it } from "vitest";
import { isTrustedSnsUrl } from "../src/certificateUrl.js";

describe("isTrustedSnsUrl", () => {
  it.each([
    "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
    "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem",
    "https://sns.us-gov-west-1.amazonaws.com/x.pem",
  ])("trusts SNS's own https host: %s", (url) => {
    expect(isTrustedSnsUrl(url)).toBe(true);
  });

  it.each([
    ["plain http", "http://sns.us-east-1.amazonaws.com/x.pem"],
    ["a look-alike host", "https://sns.us-east-1.amazonaws.com.evil.example/x.pem"],
    ["another AWS service", "https://s3.us-east-1.amazonaws.com/x.pem"],
    ["a host without a region", "https://sns.amazonaws.com/x.pem"],
    ["credentials in the URL", "https://user:pw@sns.us-east-1.amazonaws.com/x.pem"],
    ["another port", "https://sns.us-east-1.amazonaws.com:8443/x.pem"],
    ["not a URL", "sns.us-east-1.amazonaws.com/x.pem"],
  ])("refuses %s", (_what, url) => {
    expect(isTrustedSnsUrl(url)).toBe(false);
  });

  it("trusts an extra origin exactly, and nothing else on its host", () => {
    const trusted = ["http://127.0.0.1:4575"];

    expect(isTrustedSnsUrl("http://127.0.0.1:4575/local.pem", trusted)).toBe(true);
    expect(isTrustedSnsUrl("http://127.0.0.1:4576/local.pem", trusted)).toBe(false);
    expect(isTrustedSnsUrl("https://127.0.0.1:4575/local.pem", trusted)).toBe(false);
  });
});
