import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { type PipelineConfig, resourceName } from "@imgpipe/core";
import { Construct } from "constructs";

export interface AuthProps {
  readonly config: PipelineConfig;
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

  constructor(scope: Construct, id: string, { config }: AuthProps) {
    super(scope, id);
    const { auth } = config;
    if (auth.provider === "oidc") {
      this.issuer = auth.issuer;
      this.audience = auth.audience;
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
    const oauth = auth.callbackUrls.length > 0;
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
      ...(oauth && {
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: ["openid", "email", "profile"],
        callbackUrls: auth.callbackUrls,
        logoutUrls: auth.callbackUrls,
        supportedIdentityProviders: ["COGNITO"],
      }),
    });
    this.issuer = `https://cognito-idp.${config.region}.amazonaws.com/${this.userPool.id}`;
    // Cognito puts the app client id in `aud` (id tokens) and `client_id` (access tokens);
    // API Gateway's JWT authorizer accepts either against the audience.
    this.audience = [this.userPoolClient.id];
  }
}
