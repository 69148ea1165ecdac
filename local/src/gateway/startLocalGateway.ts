import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SpaConfig } from "@imgpipe/core";
import { loadOrCreateRsaKey } from "../crypto/keyStore.js";
import type { EventTarget } from "../events/eventRouter.js";
import type { Logger } from "../logger.js";
import { LOCAL_ACCOUNT_ID } from "../settings.js";
import { type ApiRoute, createApiGateway } from "./apiGateway.js";
import { createCdn } from "./cloudFront.js";
import { type CorsRules, corsHeaders, corsRequest, isPreflight } from "./cors.js";
import { DevIssuer } from "./devIssuer.js";
import { type HttpHandler, type HttpRequest, json, jsonBody, serve } from "./http.js";
import { JwtAuthorizer } from "./jwtAuthorizer.js";

/** Paths under this prefix on the API port belong to the local cloud, not to the API. */
export const CONTROL_PREFIX = "/_local/";
const ISSUER_PATH = "/_local/issuer";

export interface LocalGatewayOptions {
  ports: { api: number; cdn: number };
  dataDir: string;
  /** The `aud` the API's authorizer accepts and the dev issuer puts in its tokens. */
  audience: string;
  /** The HTTP API's routes, given where the CDN ended up (the API builds URLs on it). */
  routes: (endpoints: { cdn: string }) => readonly ApiRoute[];
  transform: EventTarget | undefined;
  spaDir: string | undefined;
  /** The SPA's `config.json`, given where the API, the CDN and the dev issuer ended up. */
  spaConfig?: (endpoints: { api: string; cdn: string; issuer: string }) => SpaConfig;
  s3: S3Client;
  processedBucket: string;
  corsOrigins: readonly string[];
  /** Answers the other `/_local/*` requests: the CLI's status, activity and reprocess. */
  control: HttpHandler;
  logger: Logger;
}

export interface LocalGateway {
  apiEndpoint: string;
  cdnEndpoint: string;
  issuer: DevIssuer;
  stop(): Promise<void>;
}

/**
 * API Gateway (with its JWT authorizer and the dev issuer it trusts) on one port,
 * CloudFront on another.
 */
export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const logger = options.logger.child({ service: "gateway" });
  const keys = await loadOrCreateRsaKey(join(options.dataDir, "issuer", "signing-key.pem"));
  let handleApi: HttpHandler = async () => json(503, { message: "Starting" });
  let handleCdn: HttpHandler = async () => json(503, { message: "Starting" });
  const api = await serve(options.ports.api, (request) => handleApi(request), logger);
  const cdn = await serve(options.ports.cdn, (request) => handleCdn(request), logger);
  const issuer = await DevIssuer.create(keys, `${api.endpoint}${ISSUER_PATH}`, options.audience);
  const gateway = createApiGateway({
    routes: options.routes({ cdn: cdn.endpoint }),
    authorizer: new JwtAuthorizer({
      issuer: issuer.issuer,
      audience: [options.audience],
      jwksUri: issuer.jwksUri,
    }),
    cors: apiCors(options.corsOrigins),
    accountId: LOCAL_ACCOUNT_ID,
    apiId: "local",
    logger,
  });
  const { spaConfig } = options;
  const issuerCors = apiCors(options.corsOrigins);
  handleApi = async (request) => {
    if (request.path.startsWith(ISSUER_PATH)) {
      // The SPA signs in from the CDN's origin, so the issuer answers CORS as the API does.
      const cors = corsRequest(request);
      const allow = corsHeaders(issuerCors, cors);
      if (isPreflight(cors)) return { status: 204, headers: allow };
      const response = await serveIssuer(issuer, request);
      return { ...response, headers: { ...response.headers, ...allow } };
    }
    if (request.path.startsWith(CONTROL_PREFIX)) return options.control(request);
    return gateway(request);
  };
  handleCdn = createCdn({
    s3: options.s3,
    processedBucket: options.processedBucket,
    transform: options.transform,
    spaDir: options.spaDir,
    ...(spaConfig && {
      spaConfig: () => spaConfig({ api: api.endpoint, cdn: cdn.endpoint, issuer: issuer.issuer }),
    }),
    cors: cdnCors(options.corsOrigins),
    accountId: LOCAL_ACCOUNT_ID,
  });
  return {
    apiEndpoint: api.endpoint,
    cdnEndpoint: cdn.endpoint,
    issuer,
    async stop() {
      await cdn.stop();
      await api.stop();
    },
  };
}

/** The issuer's discovery document, its keys, and `POST …/token` to mint a token. */
async function serveIssuer(issuer: DevIssuer, request: HttpRequest) {
  const path = request.path.slice(ISSUER_PATH.length);
  if (path === "/.well-known/openid-configuration") return json(200, issuer.openidConfiguration());
  if (path === "/.well-known/jwks.json") return json(200, issuer.jwks());
  if (path === "/token" && request.method === "POST") {
    const input = jsonBody(request);
    if (typeof input.user !== "string" || input.user === "") {
      return json(400, { code: "invalid_user", message: "Name the user the token is for" });
    }
    return json(
      200,
      await issuer.mint({
        subject: input.user,
        scopes: Array.isArray(input.scopes) ? input.scopes.map(String) : [],
        ...(typeof input.expiresInSeconds === "number" && {
          expiresInSeconds: input.expiresInSeconds,
        }),
      }),
    );
  }
  return json(404, { message: "Not Found" });
}

function apiCors(origins: readonly string[]): CorsRules {
  return {
    allowOrigins: origins,
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["authorization", "content-type"],
    exposeHeaders: [],
    maxAgeSeconds: 600,
  };
}

function cdnCors(origins: readonly string[]): CorsRules {
  return {
    allowOrigins: origins,
    allowMethods: ["GET", "HEAD"],
    allowHeaders: ["content-type"],
    exposeHeaders: ["etag"],
    maxAgeSeconds: 600,
  };
}
