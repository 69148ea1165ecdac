/**
 * The one error hierarchy of the local cloud. `code` is stable and is what callers and
 * tests branch on; `status` is the HTTP status a stand-in answers with; `cause` keeps
 * the original error.
 */
export class LocalCloudError extends Error {
  override readonly name: string = "LocalCloudError";

  constructor(
    readonly code: string,
    message: string,
    readonly status = 500,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An SNS API error; `code` is the AWS error code the SDK turns into an exception class. */
export class SnsApiError extends LocalCloudError {
  override readonly name = "SnsApiError";
}

/** The gateway refused a request before calling a function: 401, 403 or 404, as API Gateway does. */
export class GatewayError extends LocalCloudError {
  override readonly name = "GatewayError";
}

/** A CLI command could not do its work: bad arguments, or no local cloud running. */
export class CliError extends LocalCloudError {
  override readonly name = "CliError";
}
