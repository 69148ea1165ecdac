import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import type { HttpRequest } from "./http.js";

export interface ApiEventContext {
  routeKey: string;
  pathParameters: Record<string, string>;
  accountId: string;
  apiId: string;
  domainName: string;
  requestId: string;
  now: Date;
  /** The verified token's claims and scopes; undefined on a route without an authorizer. */
  jwt?: { claims: Record<string, string>; scopes: string[] | null };
}

/**
 * The HTTP API payload format 2.0 event for a request, as API Gateway builds it:
 * headers lower-cased and repeated values joined with commas, cookies in their own
 * list, a text body as is and any other body base64-encoded.
 * See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function toApiGatewayV2Event(
  request: HttpRequest,
  context: ApiEventContext,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers = joinedHeaders(request);
  const cookies = headers.cookie?.split(/;\s*/).filter(Boolean);
  delete headers.cookie;
  const query = queryParameters(request.query);
  const hasBody = request.body.length > 0;
  const text = isTextual(headers["content-type"]);
  return {
    version: "2.0",
    routeKey: context.routeKey,
    rawPath: request.path,
    rawQueryString: request.query,
    ...(cookies && { cookies }),
    headers,
    ...(query && { queryStringParameters: query }),
    ...(Object.keys(context.pathParameters).length > 0 && {
      pathParameters: context.pathParameters,
    }),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      ...(context.jwt && {
        authorizer: { principalId: "", integrationLatency: 0, jwt: context.jwt },
      }),
      domainName: context.domainName,
      domainPrefix: context.domainName.split(".")[0] ?? context.domainName,
      http: {
        method: request.method,
        path: decodeURI(request.path),
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: context.requestId,
      routeKey: context.routeKey,
      stage: "$default",
      time: clfTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    ...(hasBody && { body: request.body.toString(text ? "utf8" : "base64") }),
    isBase64Encoded: hasBody && !text,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/**
 * Claims as the JWT authorizer passes them: every value a string, lists as `[a b]`,
 * objects as JSON.
 */
export function stringifyClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      typeof value === "string"
        ? value
        : Array.isArray(value)
          ? `[${value.join(" ")}]`
          : typeof value === "object" && value !== null
            ? JSON.stringify(value)
            : String(value),
    ]),
  );
}

function joinedHeaders(request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  // API Gateway tells the function how the client reached it (there: always https, 443).
  const port = /:(\d+)$/.exec(headers.host ?? "")?.[1] ?? "80";
  headers["x-forwarded-for"] = headers["x-forwarded-for"]
    ? `${headers["x-forwarded-for"]}, ${request.sourceIp}`
    : request.sourceIp;
  headers["x-forwarded-proto"] = "http";
  headers["x-forwarded-port"] = port;
  return headers;
}

function queryParameters(query: string): Record<string, string> | undefined {
  if (query === "") return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  }
  return parameters;
}

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

function isTextual(contentType: string | undefined): boolean {
  return contentType === undefined || TEXT_TYPES.test(contentType);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `21/Nov/2026:10:00:00 +0000`, the request time format of API Gateway. */
function clfTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
