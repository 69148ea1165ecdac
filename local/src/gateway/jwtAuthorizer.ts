import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";
import { GatewayError } from "../errors.js";
import { stringifyClaims } from "./apiEvent.js";

export interface JwtAuthorizerConfig {
  issuer: string;
  /** Accepted `aud` values (API Gateway's `audience`). */
  audience: string[];
  jwksUri: string;
}

export interface AuthorizedRequest {
  claims: Record<string, string>;
  scopes: string[] | null;
}

/**
 * API Gateway's JWT authorizer: the bearer token must be signed by a key of the
 * issuer's JWKS, name the issuer, one of the audiences, and be within its lifetime; a
 * route that names scopes needs one of them in `scope` or `scp`. Anything else is 401,
 * missing scopes 403, before the function runs.
 */
export class JwtAuthorizer {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: JwtAuthorizerConfig) {
    this.keys = createRemoteJWKSet(new URL(config.jwksUri));
  }

  /** @throws GatewayError `unauthorized` (401) or `forbidden` (403) */
  async authorize(
    authorization: string | undefined,
    requiredScopes: readonly string[] = [],
  ): Promise<AuthorizedRequest> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) throw new GatewayError("unauthorized", "Unauthorized", 401);
    const payload = await this.verify(token);
    const scopes = scopesOf(payload);
    if (requiredScopes.length > 0 && !requiredScopes.some((s) => scopes?.includes(s))) {
      throw new GatewayError("forbidden", "Forbidden", 403);
    }
    return { claims: stringifyClaims(payload), scopes };
  }

  private async verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ["exp"],
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JOSEError) {
        throw new GatewayError("unauthorized", "Unauthorized", 401, { cause: error });
      }
      throw error;
    }
  }
}

function scopesOf(payload: JWTPayload): string[] | null {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === "string") return raw.split(" ").filter(Boolean);
  if (Array.isArray(raw)) return raw.map(String);
  return null;
}
