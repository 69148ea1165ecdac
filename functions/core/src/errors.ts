/**
 * The one error hierarchy of imgpipe. Every error carries a stable `code` that
 * callers branch on and a `message` written for a person; the original error, if
 * any, is kept as `cause`. Library errors are translated into these at the boundary.
 */
export class ImgpipeError extends Error {
  override readonly name: string = "ImgpipeError";
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The environment configuration or a function's environment variables are invalid. */
export class ConfigError extends ImgpipeError {
  override readonly name = "ConfigError";

  constructor(message: string, options?: { cause?: unknown }) {
    super("invalid_config", message, options);
  }
}

/** Reasons an upload is refused. Stable: they are stored in `failed` rows and sent in events. */
export const REJECTION_CODES = [
  "empty_file",
  "file_too_large",
  "unsupported_format",
  "too_many_pixels",
  "too_many_frames",
  "corrupt_image",
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** An upload that cannot become an image. It ends as a `failed` row, never as a crash. */
export class ImageRejectedError extends ImgpipeError {
  override readonly name = "ImageRejectedError";
  declare readonly code: RejectionCode;

  constructor(code: RejectionCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** An object key that does not follow the layout in `keys.ts`. */
export class KeyLayoutError extends ImgpipeError {
  override readonly name = "KeyLayoutError";

  constructor(message: string) {
    super("invalid_key", message);
  }
}
