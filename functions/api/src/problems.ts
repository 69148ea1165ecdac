import { ImageRejectedError } from "@imgpipe/core";
import { TransformError } from "@imgpipe/transform/edits";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";

/** The `code`s the API answers with. Stable: clients branch on them. */
export type ProblemCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "unsupported_type"
  | "corrupt_image"
  | "cannot_apply"
  | "throttled"
  | "internal";

const TITLES: Record<ProblemCode, { status: ContentfulStatusCode; title: string }> = {
  invalid_request: { status: 400, title: "The request is invalid" },
  unauthorized: { status: 401, title: "A valid bearer token is required" },
  forbidden: { status: 403, title: "The token lacks the scope this needs" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "The image changed while this request ran" },
  too_large: { status: 413, title: "The upload is larger than allowed" },
  unsupported_type: { status: 415, title: "This type of file is not accepted" },
  corrupt_image: { status: 422, title: "The file is not a readable image" },
  cannot_apply: { status: 422, title: "The edit cannot apply to this image" },
  throttled: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Something went wrong on our side" },
};

/** One invalid field of a request, as listed in a 400 problem. */
export interface InvalidParam {
  name: string;
  reason: string;
}

/** An error the API answers with a problem document: a stable code, a sentence, maybe fields. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly extra: { invalidParams?: InvalidParam[]; retryAfterSeconds?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): ContentfulStatusCode {
    return TITLES[this.code].status;
  }
}

/** A 400 listing every zod issue, each with the path of the field it is about. */
export function invalidRequest(error: ZodError, where: string): ApiError {
  const invalidParams = error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ name: [...issue.path, key].join("."), reason: "unknown field" }))
      : [{ name: issue.path.length > 0 ? issue.path.join(".") : where, reason: issue.message }],
  );
  const names = invalidParams.map((p) => p.name).join(", ");
  return new ApiError("invalid_request", `Invalid ${where}: check ${names}`, { invalidParams });
}

/**
 * The one place errors become HTTP answers: RFC 9457 `application/problem+json` with
 * `type`, `title`, `status`, `detail`, `instance` and our stable `code`. Anything that is
 * not an ApiError is a 500 that says nothing about internals.
 */
export function problemResponse(c: Context, error: unknown): Response {
  const problem = toApiError(error, c.req.header("content-type"));
  const { status, title } = TITLES[problem.code];
  const body = {
    type: `https://imgpipe.dev/problems/${problem.code.replaceAll("_", "-")}`,
    title,
    status,
    detail: problem.message,
    instance: new URL(c.req.url).pathname,
    code: problem.code,
    ...(problem.extra.invalidParams && { invalidParams: problem.extra.invalidParams }),
  };
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (problem.extra.retryAfterSeconds !== undefined) {
    headers["retry-after"] = String(problem.extra.retryAfterSeconds);
  }
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="imgpipe"';
  return c.body(JSON.stringify(body), status, headers);
}

function toApiError(error: unknown, contentType: string | undefined): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ImageRejectedError || error instanceof TransformError) {
    return new ApiError(imageProblem(error), error.message, {}, { cause: error });
  }
  if (error instanceof HTTPException && error.status === 415) {
    return new ApiError(
      "unsupported_type",
      `A body of type ${contentType ?? "unknown"} is not accepted here; /openapi.json lists what each route takes`,
      {},
      { cause: error },
    );
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own refusals, such as a body that is not JSON.
    return new ApiError(
      "invalid_request",
      error.message || "The request is malformed",
      {},
      {
        cause: error,
      },
    );
  }
  if (isThrottling(error)) {
    return new ApiError("throttled", "The service is busy: retry in a moment", {
      retryAfterSeconds: 1,
    });
  }
  return new ApiError(
    "internal",
    "The request could not be completed; retry later",
    {},
    {
      cause: error,
    },
  );
}

/** The engine's refusal of an image, or a transform's of an edit, as the API's code. */
function imageProblem(error: ImageRejectedError | TransformError): ProblemCode {
  switch (error.code) {
    case "empty_file":
    case "invalid_url":
      return "invalid_request";
    case "file_too_large":
    case "too_many_pixels":
    case "too_many_frames":
    case "too_large":
      return "too_large";
    case "unsupported_format":
      return "unsupported_type";
    case "corrupt_image":
      return "corrupt_image";
    case "cannot_apply":
      return "cannot_apply";
    default:
      // Signatures, expiry and stored images do not concern an upload.
      return "internal";
  }
}

/** AWS SDK throttling errors: the SDK marks them retryable for throttling, or names them so. */
function isThrottling(error: unknown): boolean {
  const sdkError = error as { name?: string; $retryable?: { throttling?: boolean } } | null;
  if (sdkError?.$retryable?.throttling === true) return true;
  return [
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "SlowDown",
    "Throttling",
  ].includes(sdkError?.name ?? "");
}
