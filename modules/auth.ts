import { CognitoResourceServer } from "@cdktf/provider-aws/lib/cognito-resource-server";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { API_SCOPES, type PipelineConfig, resourceName, type SpaAuth } from "@imgpipe/core";
import { Construct } from "constructs";

export interface AuthProps {
  readonly config: PipelineConfig;
  /**
   * When the SPA is on: where it is served (the CDN's URL), and the AWS account, part of
   * the hosted sign-in's domain, which must be unique in the region.
   */
  readonly spa?: { readonly url: string; readonly accountId: string };
}

/** The path the SPA takes the authorization code back on (see frontend/src/auth). */
export const SPA_CALLBACK_PATH = "/callback";

/** The scopes a client of the user pool asks for: who the user is, and the API's. */
export const SPA_SCOPES = ["openid", "email", "profile", API_SCOPES.read, API_SCOPES.write];

/**
 * The hosted sign-in's host for an environment: `{project}-{environment}-{account}` under
 * Cognito's regional domain. Known before apply, so the SPA's CSP can name it.
 */
export function hostedSignInOrigin(config: PipelineConfig, accountId: string): string {
  return `https://${resourceName(config, accountId)}.auth.${config.region}.amazoncognito.com`;
}

/**
 * Who may call the API: the JWT issuer and audiences the authorizer trusts. With the
 * `cognito` provider (the default) the stack makes the user pool and a public app client
 * (no secret: the SPA cannot keep one); with `oidc` it trusts the configured issuer.
 *
 * @example
 * const auth = new Auth(this, "auth", { config });
 * auth.issuer; // "https://cognito-idp.eu-west-1.amazonaws.com/${aws_cognito_user_pool…id}"
 */
export class Auth extends Construct {
  readonly issuer: string;
  readonly audience: readonly string[];
  /** Set with the `cognito` provider only. */
  readonly userPool?: CognitoUserPool;
  readonly userPoolClient?: CognitoUserPoolClient;
  /** The hosted sign-in; with the `cognito` provider and the SPA on only. */
  readonly domain?: CognitoUserPoolDomain;
  /** The API's scopes as Cognito grants them (`images/read`, `images/write`); cognito only. */
  readonly resourceServer?: CognitoResourceServer;
  /** How the SPA signs people in; undefined when it cannot (no SPA, or no client id for it). */
  readonly spaAuth?: SpaAuth;

  constructor(scope: Construct, id: string, { config, spa }: AuthProps) {
    super(scope, id);
    const spaUrl = spa?.url;
    const { auth } = config;
    if (auth.provider === "oidc") {
      this.issuer = auth.issuer;
      this.audience = auth.audience;
      if (spaUrl && auth.spaClientId) {
        this.spaAuth = {
          kind: "oidc",
          authority: auth.issuer,
          clientId: auth.spaClientId,
          scopes: SPA_SCOPES,
        };
      }
      return;
    }

    this.userPool = new CognitoUserPool(this, "user-pool", {
      name: resourceName(config, "users"),
      usernameAttributes: ["email"],
      autoVerifiedAttributes: ["email"],
      // Accounts are created by an administrator: an open sign-up would let anyone upload.
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 3,
      },
      mfaConfiguration: "OPTIONAL",
      softwareTokenMfaConfiguration: { enabled: true },
      accountRecoverySetting: {
        recoveryMechanism: [{ name: "verified_email", priority: 1 }],
      },
      deletionProtection: config.deletionProtection ? "ACTIVE" : "INACTIVE",
      ...(config.deletionProtection && { lifecycle: { preventDestroy: true } }),
    });
    const spaCallbacks = spaUrl ? [`${spaUrl}${SPA_CALLBACK_PATH}`] : [];
    const callbackUrls = [...spaCallbacks, ...auth.callbackUrls];
    const oauth = callbackUrls.length > 0;
    // The API's scopes: its routes require them, whoever signs in.
    this.resourceServer = new CognitoResourceServer(this, "api-scopes", {
      userPoolId: this.userPool.id,
      identifier: API_SCOPES.read.split("/")[0] ?? "images",
      name: resourceName(config, "api"),
      scope: Object.values(API_SCOPES).map((scope: string) => ({
        scopeName: scope.split("/")[1] ?? scope,
        scopeDescription:
          scope === API_SCOPES.read ? "List and read images" : "Upload and delete images",
      })),
    });
    if (spa) {
      this.domain = new CognitoUserPoolDomain(this, "hosted-sign-in", {
        userPoolId: this.userPool.id,
        domain: resourceName(config, spa.accountId),
      });
    }
    this.userPoolClient = new CognitoUserPoolClient(this, "web-client", {
      name: resourceName(config, "web"),
      userPoolId: this.userPool.id,
      generateSecret: false,
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: [{ accessToken: "minutes", idToken: "minutes", refreshToken: "days" }],
      // The client may ask for the API's scopes only once they exist.
      dependsOn: [this.resourceServer],
      ...(oauth && {
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: SPA_SCOPES,
        callbackUrls,
        logoutUrls: [...(spaUrl ? [`${spaUrl}/`] : []), ...auth.callbackUrls],
        supportedIdentityProviders: ["COGNITO"],
      }),
    });
    this.issuer = `https://cognito-idp.${config.region}.amazonaws.com/${this.userPool.id}`;
    if (spa) {
      this.spaAuth = {
        kind: "oidc",
        authority: this.issuer,
        clientId: this.userPoolClient.id,
        scopes: SPA_SCOPES,
        logoutEndpoint: `${hostedSignInOrigin(config, spa.accountId)}/logout`,
      };
    }
    // Cognito puts the app client id in `aud` (id tokens) and `client_id` (access tokens);
    // API Gateway's JWT authorizer accepts either against the audience.
    this.audience = [this.userPoolClient.id];
  }
}
