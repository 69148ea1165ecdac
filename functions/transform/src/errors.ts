import { ImgpipeError } from "@imgpipe/core";

/**
 * Why a transform request is answered with an error, and the HTTP status of each. The
 * codes are stable: they are the `code` of the problem+json body.
 */
export const TRANSFORM_ERRORS = {
  /** The URL does not follow the grammar, or an edit's argument is out of range. */
  invalid_url: 400,
  /** No signature, a wrong one, or `unsafe/` while unsigned URLs are disabled. */
  bad_signature: 403,
  /** The URL's signed expiry has passed. */
  expired: 403,
  /** Transforms are read with GET or HEAD only. */
  method_not_allowed: 405,
  /** No such image, not processed (yet), or no such stored variant. */
  not_found: 404,
  /** The requested output is larger than the limits allow. */
  too_large: 413,
  /** A well-formed edit that cannot apply to this image (a crop outside it, an output format imgpipe cannot write). */
  cannot_apply: 422,
} as const;
export type TransformErrorCode = keyof typeof TRANSFORM_ERRORS;

/** A request that cannot be answered with an image; `status` is its HTTP status. */
export class TransformError extends ImgpipeError {
  override readonly name = "TransformError";
  declare readonly code: TransformErrorCode;
  readonly status: number;

  constructor(code: TransformErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.status = TRANSFORM_ERRORS[code];
  }
}

/** Shorthand for the parser's one error: a URL that is not a transform URL. */
export function invalidUrl(message: string): TransformError {
  return new TransformError("invalid_url", message);
}
