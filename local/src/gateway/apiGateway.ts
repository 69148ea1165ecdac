import { randomUUID } from "node:crypto";
import { API_GATEWAY_MAX_BODY_BYTES } from "@imgpipe/core";
import { GatewayError } from "../errors.js";
import type { EventTarget } from "../events/eventRouter.js";
import { FunctionInvocationError, REQUEST_TOO_LARGE } from "../lambda/localLambda.js";
import type { Logger } from "../logger.js";
import { toApiGatewayV2Event } from "./apiEvent.js";
import { fromApiGatewayV2Result } from "./apiResult.js";
import { type CorsRules, corsHeaders, corsRequest, isPreflight } from "./cors.js";
import {
  badPath,
  decodePath,
  type HttpHandler,
  type HttpRequest,
  type HttpResponse,
  json,
} from "./http.js";
import type { JwtAuthorizer } from "./jwtAuthorizer.js";
import { matchRoute } from "./routeTable.js";

/** One route of the HTTP API and its Lambda integration. */
export interface ApiRoute {
  /** `GET /uploads`, `ANY /images/{id}`, `GET /files/{path+}` or `$default`. */
  routeKey: string;
  target: EventTarget;
  /** Present: the JWT authorizer guards the route, and one of `scopes` is needed when set. */
  authorization?: { scopes?: readonly string[] };
}

export interface ApiGatewayOptions {
  routes: readonly ApiRoute[];
  authorizer: JwtAuthorizer;
  cors: CorsRules;
  accountId: string;
  apiId: string;
  logger: Logger;
}

/**
 * The HTTP API: CORS preflights answered by the gateway itself, a body over 10 MiB
 * refused, the route matched, the JWT checked, then the function called with the payload
 * 2.0 event (a binary body base64-encoded, so Lambda's 6 MiB event limit is reached
 * sooner: 413 as well) and its result turned back into HTTP.
 */
export function createApiGateway(options: ApiGatewayOptions): HttpHandler {
  return async (request) => {
    const cors = corsRequest(request);
    const allow = corsHeaders(options.cors, cors);
    if (isPreflight(cors)) return { status: 204, headers: allow };
    const requestId = randomUUID();
    const response = await route(options, request, requestId);
    return {
      ...response,
      headers: { ...response.headers, ...allow, "apigw-requestid": requestId },
    };
  };
}

async function route(
  options: ApiGatewayOptions,
  request: HttpRequest,
  requestId: string,
): Promise<HttpResponse> {
  if (decodePath(request.path) === undefined) return badPath();
  if (request.body.length > API_GATEWAY_MAX_BODY_BYTES) {
    return {
      status: 413,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: `HTTP content length exceeded ${API_GATEWAY_MAX_BODY_BYTES} bytes.`,
    };
  }
  const match = matchRoute(options.routes, request.method, request.path);
  if (!match) return json(404, { message: "Not Found" });
  let jwt: Awaited<ReturnType<JwtAuthorizer["authorize"]>> | undefined;
  const { authorization } = match.route;
  if (authorization) {
    try {
      jwt = await options.authorizer.authorize(request.headers.authorization, authorization.scopes);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      options.logger.info(
        { routeKey: match.routeKey, code: error.code, reason: String(error.cause ?? "") },
        "request refused by the JWT authorizer",
      );
      return json(error.status, { message: error.message }, { "www-authenticate": "Bearer" });
    }
  }
  const event = toApiGatewayV2Event(request, {
    routeKey: match.routeKey,
    pathParameters: match.pathParameters,
    accountId: options.accountId,
    apiId: options.apiId,
    domainName: String(request.headers.host ?? "localhost"),
    requestId,
    now: new Date(),
    ...(jwt && { jwt }),
  });
  try {
    return fromApiGatewayV2Result(await match.route.target.invoke(event));
  } catch (error) {
    if (error instanceof FunctionInvocationError && error.errorType === REQUEST_TOO_LARGE) {
      // What API Gateway answers when Lambda refuses an event over its 6 MiB payload.
      return json(413, { message: "Request Too Long" });
    }
    options.logger.error({ routeKey: match.routeKey, err: error }, "integration failed");
    return json(500, { message: "Internal Server Error" });
  }
}
