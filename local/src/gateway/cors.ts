/** The CORS settings of the HTTP API or of a CloudFront response headers policy. */
export interface CorsRules {
  allowOrigins: readonly string[];
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  maxAgeSeconds: number;
}

export interface CorsRequest {
  method: string;
  origin: string | undefined;
  /** `access-control-request-method`: present on a preflight. */
  requestMethod: string | undefined;
}

/**
 * The CORS headers for a request: none for an origin that is not allowed (the browser
 * then blocks the response), the allow headers for a preflight, the origin otherwise.
 */
export function corsHeaders(rules: CorsRules, request: CorsRequest): Record<string, string> {
  const { origin } = request;
  if (origin === undefined || !rules.allowOrigins.includes(origin)) return {};
  if (isPreflight(request)) {
    return {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": rules.allowMethods.join(","),
      "access-control-allow-headers": rules.allowHeaders.join(","),
      "access-control-max-age": String(rules.maxAgeSeconds),
      vary: "Origin",
    };
  }
  return {
    "access-control-allow-origin": origin,
    ...(rules.exposeHeaders.length > 0 && {
      "access-control-expose-headers": rules.exposeHeaders.join(","),
    }),
    vary: "Origin",
  };
}

export function isPreflight(request: CorsRequest): boolean {
  return request.method === "OPTIONS" && request.requestMethod !== undefined;
}

export function corsRequest(request: {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}): CorsRequest {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    method: request.method,
    origin: header("origin"),
    requestMethod: header("access-control-request-method"),
  };
}
