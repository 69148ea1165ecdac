import { verify, type X509Certificate } from "node:crypto";
import { CertificateCache } from "./certificates.js";
import { checkCertificateUrl } from "./certificateUrl.js";
import { WebhookError } from "./errors.js";
import { parseSnsMessage, type SnsMessage, stringToSign } from "./snsMessage.js";

export interface VerifyOptions {
  /**
   * Topics whose messages are accepted, by ARN. Leave out to accept any topic (the
   * signature still proves the message came from SNS, but not from whose topic).
   */
  topicArns?: readonly string[];
  /**
   * Oldest message accepted, in seconds since SNS published it. SNS keeps the first
   * Timestamp on every retry, so make this at least as long as the subscription's
   * retries last. Default: 3600 (SNS's longest HTTP retry policy).
   */
  maxAgeSeconds?: number;
  /**
   * Origins besides SNS's own hosts that may serve signing certificates and
   * SubscribeURLs, e.g. the local cloud's SNS stand-in. Default: none.
   */
  trustedOrigins?: readonly string[];
  /** Shared across verifications; by default one per verifier. */
  certificates?: CertificateCache;
  /** For tests: the current time. */
  now?: () => number;
}

/** A clock a few minutes ahead of SNS's is not an attack. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Verifies an SNS message: its type and fields, its topic, its age, where its
 * certificate comes from, that certificate's validity, and the signature (version 1,
 * SHA1withRSA, or version 2, SHA256withRSA) over the documented string to sign.
 *
 * @param body the parsed JSON body SNS POSTed
 * @returns the message, typed
 * @throws WebhookError with a code from {@link WEBHOOK_ERRORS}
 * @example
 * const message = await verifySnsMessage(JSON.parse(body), { topicArns: [TOPIC_ARN] });
 */
export async function verifySnsMessage(
  body: unknown,
  options: VerifyOptions = {},
): Promise<SnsMessage> {
  const message = parseSnsMessage(body);
  const now = options.now?.() ?? Date.now();
  checkTopic(message, options.topicArns);
  checkAge(message, now, options.maxAgeSeconds ?? 3600);
  checkCertificateUrl(message.SigningCertURL, options.trustedOrigins ?? []);
  const certificates = options.certificates ?? new CertificateCache();
  const certificate = await certificates.get(message.SigningCertURL, now);
  checkValidity(certificate, now);
  checkSignature(message, certificate);
  return message;
}

function checkTopic(message: SnsMessage, topicArns: readonly string[] | undefined): void {
  if (topicArns && !topicArns.includes(message.TopicArn)) {
    throw new WebhookError(
      "topic_not_allowed",
      `Messages from ${message.TopicArn} are not accepted here.`,
    );
  }
}

function checkAge(message: SnsMessage, now: number, maxAgeSeconds: number): void {
  const sent = Date.parse(message.Timestamp);
  if (Number.isNaN(sent)) {
    throw new WebhookError("invalid_body", `Timestamp ${message.Timestamp} is not a date.`);
  }
  if (now - sent > maxAgeSeconds * 1000 || sent - now > CLOCK_SKEW_MS) {
    throw new WebhookError(
      "stale_message",
      `The message was published at ${message.Timestamp}; only messages from the last ${maxAgeSeconds} s are accepted.`,
    );
  }
}

function checkValidity(certificate: X509Certificate, now: number): void {
  if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) {
    throw new WebhookError(
      "certificate_expired",
      `The signing certificate is valid from ${certificate.validFrom} to ${certificate.validTo} only.`,
    );
  }
}

function checkSignature(message: SnsMessage, certificate: X509Certificate): void {
  const signature = Buffer.from(message.Signature, "base64");
  const keyBytes = Math.ceil((certificate.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  const canonical = signature.toString("base64") === message.Signature.replace(/\s/g, "");
  if (
    certificate.publicKey.asymmetricKeyType !== "rsa" ||
    !canonical ||
    signature.length !== keyBytes
  ) {
    throw new WebhookError(
      "malformed_signature",
      "The Signature is not a base64 RSA signature made with the certificate's key.",
    );
  }
  const algorithm = message.SignatureVersion === "1" ? "sha1" : "sha256";
  const data = Buffer.from(stringToSign(message), "utf8");
  if (!verify(algorithm, data, certificate.publicKey, signature)) {
    throw new WebhookError(
      "invalid_signature",
      "The signature does not match the message: it was altered, or not signed by SNS.",
    );
  }
}
