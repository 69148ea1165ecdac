import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  deliveryHeaders,
  notificationMessage,
  signMessage,
  stringToSign,
  subscriptionConfirmationMessage,
} from "../../src/sns/messages.js";

const notification = notificationMessage({
  messageId: "m-1",
  topicArn: "arn:aws:sns:us-east-1:000000000000:events",
  subject: undefined,
  message: '{"type":"image.processed"}',
  timestamp: "2026-11-21T10:00:00.000Z",
  unsubscribeUrl: "http://sns.test/?Action=Unsubscribe",
  messageAttributes: { eventType: { type: "String", value: "image.processed" } },
});

describe("SNS messages to HTTP subscribers", () => {
  it("signs a notification's fields in SNS's order, leaving out a missing Subject", () => {
    expect(stringToSign(notification)).toBe(
      [
        "Message",
        '{"type":"image.processed"}',
        "MessageId",
        "m-1",
        "Timestamp",
        "2026-11-21T10:00:00.000Z",
        "TopicArn",
        "arn:aws:sns:us-east-1:000000000000:events",
        "Type",
        "Notification",
        "",
      ].join("\n"),
    );
  });

  it("signs a confirmation's SubscribeURL and Token", () => {
    const confirmation = subscriptionConfirmationMessage({
      messageId: "m-2",
      topicArn: "arn:t",
      token: "tok",
      subscribeUrl: "http://sns.test/?Action=ConfirmSubscription",
      timestamp: "2026-11-21T10:00:00.000Z",
    });
    expect(stringToSign(confirmation)).toContain(
      "SubscribeURL\nhttp://sns.test/?Action=ConfirmSubscription\nTimestamp\n2026-11-21T10:00:00.000Z\nToken\ntok\n",
    );
  });

  it("produces a SignatureVersion 2 signature that verifies as SHA256withRSA", () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

    const signed = signMessage(notification, privateKey, "http://sns.test/cert.pem");

    expect(signed).toMatchObject({
      SignatureVersion: "2",
      SigningCertURL: "http://sns.test/cert.pem",
    });
    const ok = verify(
      "sha256",
      Buffer.from(stringToSign(signed)),
      publicKey,
      Buffer.from(signed.Signature, "base64"),
    );
    expect(ok).toBe(true);
  });

  it("sends the x-amz-sns headers, the subscription only with notifications", () => {
    expect(deliveryHeaders(notification, "arn:t:sub", true)).toMatchObject({
      "content-type": "text/plain; charset=UTF-8",
      "x-amz-sns-message-type": "Notification",
      "x-amz-sns-message-id": "m-1",
      "x-amz-sns-topic-arn": "arn:aws:sns:us-east-1:000000000000:events",
      "x-amz-sns-subscription-arn": "arn:t:sub",
      "x-amz-sns-rawdelivery": "true",
    });
    expect(deliveryHeaders(notification, undefined, false)).not.toHaveProperty(
      "x-amz-sns-subscription-arn",
    );
  });
});
