import { describe, expect, it } from "vitest";
import { WebhookError } from "../src/errors.js";
import { parseSnsMessage, type SnsMessage, stringToSign } from "../src/snsMessage.js";

const base = {
  MessageId: "m-1",
  TopicArn: "arn:aws:sns:us-east-1:123456789012:t",
  Message: "hello",
  Timestamp: "2026-01-01T00:00:00.000Z",
  SignatureVersion: "2",
  Signature: "c2ln",
  SigningCertURL: "https://sns.us-east-1.amazonaws.com/c.pem",
} as const;

describe("stringToSign", () => {
  it("lists a notification's fields as name, newline, value, newline, Subject only when present", () => {
    const message: SnsMessage = { ...base, Type: "Notification", Subject: "s" };
    const withoutSubject: SnsMessage = { ...base, Type: "Notification" };

    expect(stringToSign(message)).toBe(
      "Message\nhello\nMessageId\nm-1\nSubject\ns\nTimestamp\n2026-01-01T00:00:00.000Z\nTopicArn\narn:aws:sns:us-east-1:123456789012:t\nType\nNotification\n",
    );
    expect(stringToSign(withoutSubject)).not.toContain("Subject");
  });

  it("signs a confirmation's SubscribeURL and Token, never its Subject or UnsubscribeURL", () => {
    const confirmation: SnsMessage = {
      ...base,
      Type: "UnsubscribeConfirmation",
      Token: "t0k",
      SubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
      UnsubscribeURL: "https://elsewhere",
    };

    expect(stringToSign(confirmation)).toBe(
      "Message\nhello\nMessageId\nm-1\nSubscribeURL\nhttps://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription\nTimestamp\n2026-01-01T00:00:00.000Z\nToken\nt0k\nTopicArn\narn:aws:sns:us-east-1:123456789012:t\nType\nUnsubscribeConfirmation\n",
    );
  });
});

describe("parseSnsMessage", () => {
  const codeOf = (body: unknown) => {
    try {
      parseSnsMessage(body);
      return "accepted";
    } catch (error) {
      return error instanceof WebhookError ? error.code : "other";
    }
  };

  it("tells a wrong type, a missing field and an unknown signature version apart", () => {
    expect(codeOf({ ...base, Type: "Notification" })).toBe("accepted");
    expect(codeOf({ ...base, Type: "Telegram" })).toBe("unsupported_message_type");
    expect(codeOf({ ...base, Type: "SubscriptionConfirmation" })).toBe("invalid_body");
    expect(codeOf({ ...base, Type: "Notification", SignatureVersion: "3" })).toBe(
      "unsupported_signature_version",
    );
    expect(codeOf([])).toBe("invalid_body");
  });
});
