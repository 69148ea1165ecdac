import type { KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, type JWK, SignJWT } from "jose";
import type { RsaKeyPair } from "../crypto/keyStore.js";

export interface TokenRequest {
  /** The user the token is for: its `sub` claim. */
  subject: string;
  scopes?: readonly string[];
  /** Lifetime in seconds; negative makes a token that has already expired. */
  expiresInSeconds?: number;
  /** Other claims, such as `email`. */
  claims?: Record<string, unknown>;
  /** Overrides, to make tokens the authorizer must refuse. */
  audience?: string;
  issuer?: string;
}

/**
 * The local development identity provider: an RS256 key published as a JWKS, and
 * tokens minted for any user name. It stands in for the real issuer (Cognito or any
 * OIDC provider) that the API's JWT authorizer trusts in AWS.
 */
export class DevIssuer {
  private constructor(
    readonly issuer: string,
    readonly audience: string,
    private readonly privateKey: KeyObject,
    private readonly publicJwk: JWK,
  ) {}

  static async create(keys: RsaKeyPair, issuer: string, audience: string): Promise<DevIssuer> {
    const jwk = await exportJWK(keys.publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new DevIssuer(issuer, audience, keys.privateKey, {
      ...jwk,
      kid,
      alg: "RS256",
      use: "sig",
    });
  }

  /** `{issuer}/.well-known/jwks.json`: what the authorizer fetches the key from. */
  get jwksUri(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** The OpenID discovery document, the entry point API Gateway reads. */
  openidConfiguration() {
    return {
      issuer: this.issuer,
      jwks_uri: this.jwksUri,
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["token"],
      subject_types_supported: ["public"],
    };
  }

  /** @example await issuer.mint({ subject: "alice", scopes: ["images/write"] }) */
  async mint(request: TokenRequest): Promise<{ token: string; expiresAt: string }> {
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = now + (request.expiresInSeconds ?? 3600);
    const token = await new SignJWT({
      ...request.claims,
      ...(request.scopes?.length && { scope: request.scopes.join(" ") }),
    })
      .setProtectedHeader({ alg: "RS256", kid: this.publicJwk.kid ?? "", typ: "JWT" })
      .setIssuer(request.issuer ?? this.issuer)
      .setAudience(request.audience ?? this.audience)
      .setSubject(request.subject)
      .setIssuedAt(Math.min(now, expiresAt - 1))
      .setExpirationTime(expiresAt)
      .sign(this.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }
}
