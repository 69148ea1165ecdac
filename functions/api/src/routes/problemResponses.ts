import { ProblemSchema } from "../schemas.js";

/** One error answer of a route's OpenAPI declaration. */
export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The error answers of an authorized route, for its OpenAPI declaration. */
export function problemResponses<S extends number>(...statuses: S[]) {
  const descriptions: Record<number, string> = {
    400: "Invalid request: every invalid field is listed in `invalidParams`",
    401: "No valid bearer token",
    403: "The token lacks the route's scope",
    404: "No such image for this caller",
    409: "The image changed while the request ran; retry",
    413: "Larger than `limits.maxUploadBytes`",
    415: "Not an accepted image type",
    422: "The file is not a readable image, or the edit cannot apply to it",
    429: "Throttled; retry after `Retry-After` seconds",
  };
  return Object.fromEntries(
    [...statuses, 401, 403, 429].map((status) => [status, problem(descriptions[status] ?? "")]),
  ) as Record<S | 401 | 403 | 429, ReturnType<typeof problem>>;
}

/** OpenAPI `security` of a route that needs `scope`. */
export const bearer = (scope: string) => [{ bearer: [scope] }];
