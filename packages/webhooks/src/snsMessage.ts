import { WebhookError } from "./errors.js";

/**
 * The JSON document SNS POSTs to an HTTP/S subscriber, as documented in
 * https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html
 */
export type SnsMessageType =
  | "Notification"
  | "SubscriptionConfirmation"
  | "UnsubscribeConfirmation";

export interface SnsMessage {
  Type: SnsMessageType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: "1" | "2";
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  Token?: string;
  SubscribeURL?: string;
  UnsubscribeURL?: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

const MESSAGE_TYPES: readonly SnsMessageType[] = [
  "Notification",
  "SubscriptionConfirmation",
  "UnsubscribeConfirmation",
];
const REQUIRED = ["MessageId", "TopicArn", "Message", "Timestamp", "Signature", "SigningCertURL"];
const CONFIRMATION_REQUIRED = ["Token", "SubscribeURL"];

/** The fields SNS signs in a confirmation, in the order of the string to sign. */
const CONFIRMATION_FIELDS: readonly (keyof SnsMessage)[] = [
  "Message",
  "MessageId",
  "SubscribeURL",
  "Timestamp",
  "Token",
  "TopicArn",
  "Type",
];

/**
 * The fields SNS signs per message type. A field missing from the message (an absent
 * `Subject`) is left out of the string. Written apart from the local SNS's signer on
 * purpose: the tests that verify the stand-in's messages then check one against the other.
 */
const SIGNED_FIELDS: Record<SnsMessageType, readonly (keyof SnsMessage)[]> = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: CONFIRMATION_FIELDS,
  UnsubscribeConfirmation: CONFIRMATION_FIELDS,
};

/**
 * Reads an SNS message from a parsed body, checking the fields its type requires.
 *
 * @throws WebhookError `invalid_body`, `unsupported_message_type` or `unsupported_signature_version`
 */
export function parseSnsMessage(body: unknown): SnsMessage {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new WebhookError("invalid_body", "The body is not an SNS message (a JSON object).");
  }
  const record = body as Record<string, unknown>;
  if (!MESSAGE_TYPES.includes(record.Type as SnsMessageType)) {
    throw new WebhookError(
      "unsupported_message_type",
      `The SNS message type ${JSON.stringify(record.Type)} is not one of ${MESSAGE_TYPES.join(", ")}.`,
    );
  }
  const type = record.Type as SnsMessageType;
  const required = type === "Notification" ? REQUIRED : [...REQUIRED, ...CONFIRMATION_REQUIRED];
  const missing = required.filter((field) => typeof record[field] !== "string");
  if (missing.length > 0) {
    throw new WebhookError(
      "invalid_body",
      `The SNS ${type} lacks ${missing.join(", ")} (or they are not strings).`,
    );
  }
  if (record.SignatureVersion !== "1" && record.SignatureVersion !== "2") {
    throw new WebhookError(
      "unsupported_signature_version",
      `SignatureVersion ${JSON.stringify(record.SignatureVersion)} is not supported; SNS signs with 1 (SHA1) or 2 (SHA256).`,
    );
  }
  return record as unknown as SnsMessage;
}

/**
 * The string SNS signs: for each signed field present, its name, a newline, its value
 * and a newline, in the documented order.
 */
export function stringToSign(message: SnsMessage): string {
  return SIGNED_FIELDS[message.Type]
    .filter((field) => message[field] !== undefined && message[field] !== null)
    .map((field) => `${field}\n${message[field]}\n`)
    .join("");
}
