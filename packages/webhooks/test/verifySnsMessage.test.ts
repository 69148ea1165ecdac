import { describe, expect, it } from "vitest";
import { WebhookError } from "../src/errors.js";
import { type VerifyOptions, verifySnsMessage } from "../src/verifySnsMessage.js";
import { CERT_URL, notification, signed, TOPIC_ARN, testCertificates } from "./fixtures/signing.js";

async function codeOf(body: unknown, options: VerifyOptions = {}) {
  try {
    await verifySnsMessage(body, { certificates: testCertificates().cache, ...options });
    return "verified";
  } catch (error) {
    return error instanceof WebhookError ? error.code : String(error);
  }
}

describe("verifySnsMessage", () => {
  it("verifies SignatureVersion 1 (SHA1) and 2 (SHA256)", async () => {
    const v1 = signed(notification("one"), "1");
    const v2 = signed(notification("two"), "2");

    expect([await codeOf(v1), await codeOf(v2)]).toEqual(["verified", "verified"]);
  });

  it("refuses a v1 signature presented as v2", async () => {
    const v1 = signed(notification("one"), "1");

    expect(await codeOf({ ...v1, SignatureVersion: "2" })).toBe("invalid_signature");
  });

  it("gives each attack its own code", async () => {
    const good = signed(notification('{"type":"image.processed"}'));
    const hour = 60 * 60 * 1000;

    const codes = {
      untrustedHost: await codeOf({
        ...good,
        SigningCertURL: "https://certs.evil.example/SimpleNotificationService.pem",
      }),
      tamperedBody: await codeOf({ ...good, Message: '{"type":"image.deleted"}' }),
      tamperedSignature: await codeOf({ ...good, Signature: `${good.Signature.slice(0, -8)}AAAA` }),
      stale: await codeOf(signed(notification("old", new Date(Date.now() - 2 * hour)))),
      otherTopic: await codeOf(good, { topicArns: [`${TOPIC_ARN}-other`] }),
    };

    expect(codes).toEqual({
      untrustedHost: "untrusted_certificate_url",
      tamperedBody: "invalid_signature",
      tamperedSignature: "malformed_signature",
      stale: "stale_message",
      otherTopic: "topic_not_allowed",
    });
  });

  it("refuses a signature of the right length that was altered, as it would a forged body", async () => {
    const good = signed(notification("hello"));
    const bytes = Buffer.from(good.Signature, "base64");
    bytes[10] = (bytes[10] ?? 0) ^ 0xff;

    expect(await codeOf({ ...good, Signature: bytes.toString("base64") })).toBe(
      "invalid_signature",
    );
  });

  it("accepts an older message when the maximum age allows it, and refuses one from the future", async () => {
    const twoHoursAgo = signed(notification("late retry", new Date(Date.now() - 7_200_000)));
    const tomorrow = signed(notification("future", new Date(Date.now() + 86_400_000)));

    expect(await codeOf(twoHoursAgo, { maxAgeSeconds: 3 * 3600 })).toBe("verified");
    expect(await codeOf(tomorrow)).toBe("stale_message");
  });

  it("refuses a certificate outside its validity period", async () => {
    const message = signed(notification("hello", new Date("2300-01-01T00:00:00Z")));

    const code = await codeOf(message, { now: () => Date.parse("2300-01-01T00:00:01Z") });

    expect(code).toBe("certificate_expired");
  });

  it("fetches each certificate once for many messages", async () => {
    const { cache, fetched } = testCertificates();

    await Promise.all(
      ["a", "b", "c"].map((m) =>
        verifySnsMessage(signed(notification(m)), { certificates: cache }),
      ),
    );

    expect(fetched).toEqual([CERT_URL]);
  });

  it("does not fetch from an untrusted host at all", async () => {
    const { cache, fetched } = testCertificates();
    const message = { ...signed(notification("x")), SigningCertURL: "https://evil.example/c.pem" };

    await expect(verifySnsMessage(message, { certificates: cache })).rejects.toThrow(WebhookError);
    expect(fetched).toEqual([]);
  });
});
