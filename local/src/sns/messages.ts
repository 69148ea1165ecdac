import { type KeyObject, sign } from "node:crypto";
import type { MessageAttribute } from "./queryProtocol.js";

/**
 * The JSON documents SNS POSTs to HTTP/S subscribers, and their signatures.
 * See https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html
 */
export type SnsMessageType =
  | "SubscriptionConfirmation"
  | "Notification"
  | "UnsubscribeConfirmation";

export interface UnsignedMessage {
  Type: SnsMessageType;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  Token?: string;
  SubscribeURL?: string;
  UnsubscribeURL?: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** "1" signs with SHA1withRSA (SNS's default for a topic), "2" with SHA256withRSA. */
export type SignatureVersion = "1" | "2";

export type SignedMessage = UnsignedMessage & {
  SignatureVersion: SignatureVersion;
  Signature: string;
  SigningCertURL: string;
};

export function notificationMessage(input: {
  messageId: string;
  topicArn: string;
  subject: string | undefined;
  message: string;
  timestamp: string;
  unsubscribeUrl: string;
  messageAttributes: Record<string, MessageAttribute>;
}): UnsignedMessage {
  const attributes = Object.entries(input.messageAttributes);
  return {
    Type: "Notification",
    MessageId: input.messageId,
    TopicArn: input.topicArn,
    ...(input.subject !== undefined && { Subject: input.subject }),
    Message: input.message,
    Timestamp: input.timestamp,
    UnsubscribeURL: input.unsubscribeUrl,
    ...(attributes.length > 0 && {
      MessageAttributes: Object.fromEntries(
        attributes.map(([name, a]) => [name, { Type: a.type, Value: a.value }]),
      ),
    }),
  };
}

export function subscriptionConfirmationMessage(input: {
  messageId: string;
  topicArn: string;
  token: string;
  subscribeUrl: string;
  timestamp: string;
}): UnsignedMessage {
  return {
    Type: "SubscriptionConfirmation",
    MessageId: input.messageId,
    Token: input.token,
    TopicArn: input.topicArn,
    Message: `You have chosen to subscribe to the topic ${input.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: input.subscribeUrl,
    Timestamp: input.timestamp,
  };
}

/** The fields that are signed, in the order SNS signs them, per message type. */
const CONFIRMATION_FIELDS: (keyof UnsignedMessage)[] = [
  "Message",
  "MessageId",
  "SubscribeURL",
  "Timestamp",
  "Token",
  "TopicArn",
  "Type",
];
const SIGNED_FIELDS: Record<SnsMessageType, (keyof UnsignedMessage)[]> = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: CONFIRMATION_FIELDS,
  UnsubscribeConfirmation: CONFIRMATION_FIELDS,
};

/** `Name\nvalue\n` for each signed field present: what a subscriber verifies. */
export function stringToSign(message: UnsignedMessage): string {
  return SIGNED_FIELDS[message.Type]
    .filter((field) => message[field] !== undefined)
    .map((field) => `${field}\n${message[field]}\n`)
    .join("");
}

/** Signs as SNS does: RSA over the string to sign, SHA1 for version 1, SHA256 for 2; base64. */
export function signMessage(
  message: UnsignedMessage,
  privateKey: KeyObject,
  signingCertUrl: string,
  version: SignatureVersion = "2",
): SignedMessage {
  const digest = version === "1" ? "sha1" : "sha256";
  const signature = sign(digest, Buffer.from(stringToSign(message), "utf8"), privateKey);
  return {
    ...message,
    SignatureVersion: version,
    Signature: signature.toString("base64"),
    SigningCertURL: signingCertUrl,
  };
}

/** The headers SNS sends with every POST to an HTTP/S subscriber. */
export function deliveryHeaders(
  message: UnsignedMessage,
  subscriptionArn: string | undefined,
  raw: boolean,
): Record<string, string> {
  return {
    "content-type": "text/plain; charset=UTF-8",
    "user-agent": "Amazon Simple Notification Service Agent",
    "x-amz-sns-message-type": message.Type,
    "x-amz-sns-message-id": message.MessageId,
    "x-amz-sns-topic-arn": message.TopicArn,
    ...(subscriptionArn !== undefined && { "x-amz-sns-subscription-arn": subscriptionArn }),
    ...(raw && { "x-amz-sns-rawdelivery": "true" }),
  };
}
