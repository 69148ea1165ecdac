import type { HttpResponse } from "./http.js";

interface StructuredResult {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/**
 * The HTTP response API Gateway makes of a payload 2.0 result: a result with a
 * `statusCode` is used as is; anything else is the body of a 200 JSON response.
 */
export function fromApiGatewayV2Result(result: unknown): HttpResponse {
  if (!isStructured(result)) {
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: typeof result === "string" ? result : (JSON.stringify(result) ?? ""),
    };
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    headers[name.toLowerCase()] = values.map(String).join(",");
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  if (result.cookies?.length) headers["set-cookie"] = result.cookies;
  const body = result.body ?? "";
  return {
    status: result.statusCode,
    headers,
    body: result.isBase64Encoded ? Buffer.from(body, "base64") : body,
  };
}

function isStructured(result: unknown): result is StructuredResult {
  return (
    typeof result === "object" &&
    result !== null &&
    typeof (result as { statusCode?: unknown }).statusCode === "number"
  );
}
