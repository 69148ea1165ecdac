import type { Limits } from "./config/limits.js";

/** The largest request body an API Gateway HTTP API accepts: 10 MiB. */
export const API_GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The largest event a synchronous Lambda invocation accepts, as JSON: 6 MiB. */
export const LAMBDA_MAX_REQUEST_BYTES = 6 * 1024 * 1024;

/** The largest result a synchronous Lambda invocation may return, as JSON: 6 MiB and 100 bytes. */
export const LAMBDA_MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

/**
 * Room kept in an event or a result for all but the body: an HTTP API's headers (at most
 * 10 KiB), the JWT claims the authorizer copies in, the request context and JSON's quotes.
 */
export const PAYLOAD_ENVELOPE_BYTES = 64 * 1024;

/**
 * The largest binary body that fits in a Lambda payload of `payloadBytes` once API
 * Gateway has base64-encoded it (4 characters for every 3 bytes), next to its envelope.
 *
 * @example
 * maxBinaryBodyBytes(LAMBDA_MAX_REQUEST_BYTES); // 4_669_440
 * maxBinaryBodyBytes(LAMBDA_MAX_RESPONSE_BYTES); // 4_669_515
 */
export function maxBinaryBodyBytes(payloadBytes: number): number {
  return Math.floor((payloadBytes - PAYLOAD_ENVELOPE_BYTES) / 4) * 3;
}

/** Room kept in a multipart body for its boundaries, part headers and edit fields. */
export const MULTIPART_ENVELOPE_BYTES = 8 * 1024;

/**
 * The largest file `POST /transform` converts: the smaller of `limits.maxUploadBytes` and
 * what reaches the function through API Gateway and Lambda (4,661,248 bytes, 4.4 MiB, a
 * binary multipart body being base64-encoded into the event).
 */
export function maxOneOffTransformBytes(limits: Pick<Limits, "maxUploadBytes">): number {
  const fits = maxBinaryBodyBytes(LAMBDA_MAX_REQUEST_BYTES) - MULTIPART_ENVELOPE_BYTES;
  return Math.min(limits.maxUploadBytes, fits);
}
