import { STATUS_CODES } from "node:http";
import { TransformError } from "../errors.js";
import { cacheControlFor } from "./cacheControl.js";

/** What the function answers, before the Lambda adapter encodes it. */
export interface TransformResponse {
  status: number;
  headers: Record<string, string>;
  body?: Uint8Array;
}

/**
 * The one place errors become HTTP: a TransformError is its status with an RFC 9457
 * problem+json body, cached briefly; anything else is a 500 that is never cached and
 * says nothing of its cause.
 */
export function problemResponse(
  error: unknown,
  expires: number | undefined,
  now: number,
): TransformResponse {
  const known = error instanceof TransformError;
  const status = known ? error.status : 500;
  const problem = {
    type: "about:blank",
    title: STATUS_CODES[status] ?? "Error",
    status,
    detail: known ? error.message : "The image could not be rendered; try again later.",
    code: known ? error.code : "internal_error",
  };
  return {
    status,
    headers: {
      "content-type": "application/problem+json",
      "cache-control": cacheControlFor(known ? "brief" : "error", expires, now),
      ...(status === 405 && { allow: "GET, HEAD" }),
    },
    body: Buffer.from(JSON.stringify(problem)),
  };
}
