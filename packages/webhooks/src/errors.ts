/**
 * Why a webhook request was refused. Stable: branch on `code`, show `message` to people.
 * `status` is the HTTP status the adapters answer with.
 */
export const WEBHOOK_ERRORS = {
  /** The body is not JSON, or not an SNS message, or contradicts its headers. */
  invalid_body: 400,
  /** The body is larger than any SNS message. */
  body_too_large: 413,
  /** `Type` is not Notification, SubscriptionConfirmation or UnsubscribeConfirmation. */
  unsupported_message_type: 400,
  /** `SignatureVersion` is neither 1 (SHA1) nor 2 (SHA256). */
  unsupported_signature_version: 400,
  /** `SigningCertURL` is not https on sns.<region>.amazonaws.com(.cn) nor a trusted origin. */
  untrusted_certificate_url: 403,
  /** The certificate could not be fetched, or is not a certificate. */
  certificate_unavailable: 502,
  /** The certificate is outside its validity period. */
  certificate_expired: 403,
  /** `Signature` is not base64 of an RSA signature of the certificate's key size. */
  malformed_signature: 403,
  /** The signature does not match the signed fields: the message was altered or forged. */
  invalid_signature: 403,
  /** `Timestamp` is older than the maximum age, or too far in the future. */
  stale_message: 403,
  /** The message comes from a topic this receiver does not accept. */
  topic_not_allowed: 403,
  /** A raw-delivery body (no signature) arrived and unsigned bodies are not allowed. */
  unsigned_message: 403,
  /** The `SubscribeURL` is not on SNS's host (or a trusted origin), or confirming failed. */
  confirmation_failed: 502,
  /** The event's `type` is not one this package knows. */
  unknown_event_type: 422,
  /** The event's `version` is not the one this package understands. */
  unsupported_event_version: 422,
  /** The event does not match the schema of its type and version. */
  invalid_event: 422,
} as const;

export type WebhookErrorCode = keyof typeof WEBHOOK_ERRORS;

/** A refused webhook request: a stable `code`, its HTTP `status` and a sentence for people. */
export class WebhookError extends Error {
  override readonly name = "WebhookError";
  readonly status: number;

  constructor(
    readonly code: WebhookErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = WEBHOOK_ERRORS[code];
  }
}
