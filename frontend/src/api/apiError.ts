/**
 * What went wrong with a call, as the app tells the person: the API's problem+json
 * (`code`, `detail`), S3's XML error of a refused upload, or no connection at all.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    /** Stable code: the API's problem `code`, S3's error code, or `offline`. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when no answer came. */
    readonly status: number,
  ) {
    super(message);
  }
}

export const OFFLINE_MESSAGE = "imgpipe cannot be reached. Check your connection, then try again.";

/** Reads an RFC 9457 problem+json answer; falls back to the status line. */
export async function problemOf(response: Response): Promise<ApiError> {
  const problem = (await response.json().catch(() => ({}))) as {
    code?: string;
    title?: string;
    detail?: string;
    message?: string;
  };
  const message =
    problem.detail ??
    problem.message ??
    problem.title ??
    `The API answered HTTP ${response.status}.`;
  return new ApiError(problem.code ?? `http_${response.status}`, message, response.status);
}
