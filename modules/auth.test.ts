import { parsePipelineConfig } from "@imgpipe/core";
import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { Auth } from "./auth.js";
import { blockOf, blocksOfType, reference, synthesizeScope } from "./testing/terraformJson.js";

const SPA = { url: "https://d111.cloudfront.net", accountId: "123456789012" };

function synthesizeAuth(input: Record<string, unknown> = {}, spa?: typeof SPA) {
  const config = parsePipelineConfig({ environment: "dev", region: "eu-west-1", ...input }, "test");
  const { built: auth, tf } = synthesizeScope((stack) => {
    const auth = new Auth(stack, "auth", { config, ...(spa && { spa }) });
    // Outputs show what the authorizer will receive, resolved.
    new TerraformOutput(stack, "issuer", { value: auth.issuer });
    new TerraformOutput(stack, "audience", { value: auth.audience });
    if (auth.spaAuth) new TerraformOutput(stack, "spa_auth", { value: auth.spaAuth });
    return auth;
  });
  return { auth, tf };
}

describe("Auth", () => {
  it("trusts the user pool it makes, with its app client as the audience, by default", () => {
    const { auth, tf } = synthesizeAuth();

    expect(auth.userPool && auth.userPoolClient).toBeDefined();
    if (!auth.userPool || !auth.userPoolClient) return;
    expect(tf.output.issuer?.value).toBe(
      `https://cognito-idp.eu-west-1.amazonaws.com/${reference(auth.userPool, "id")}`,
    );
    expect(tf.output.audience?.value).toEqual([reference(auth.userPoolClient, "id")]);
    expect(blocksOfType(tf, "aws_cognito_user_pool")).toHaveLength(1);
  });

  it("lets only administrators create accounts, with email sign-in and optional MFA", () => {
    const { auth, tf } = synthesizeAuth();

    const pool = auth.userPool ? blockOf(tf, auth.userPool) : {};

    expect(pool).toMatchObject({
      name: "imgpipe-dev-users",
      username_attributes: ["email"],
      admin_create_user_config: { allow_admin_create_user_only: true },
      mfa_configuration: "OPTIONAL",
      software_token_mfa_configuration: { enabled: true },
    });
  });

  it("gives the SPA a public client with SRP sign-in and no secret, and no OAuth by default", () => {
    const { auth, tf } = synthesizeAuth();

    const client = auth.userPoolClient ? blockOf(tf, auth.userPoolClient) : {};

    expect(client).toMatchObject({
      generate_secret: false,
      explicit_auth_flows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      prevent_user_existence_errors: "ENABLED",
      enable_token_revocation: true,
    });
    expect(client.allowed_oauth_flows).toBeUndefined();
  });

  it("allows the code flow back to the configured callback URLs", () => {
    const { auth, tf } = synthesizeAuth({
      auth: { provider: "cognito", callbackUrls: ["https://app.example.com/callback"] },
    });

    const client = auth.userPoolClient ? blockOf(tf, auth.userPoolClient) : {};

    expect(client).toMatchObject({
      allowed_oauth_flows: ["code"],
      allowed_oauth_flows_user_pool_client: true,
      callback_urls: ["https://app.example.com/callback"],
    });
  });

  it("gives the SPA a hosted sign-in, the API's scopes and its callback and logout URLs", () => {
    const { auth, tf } = synthesizeAuth(
      { auth: { provider: "cognito", callbackUrls: ["http://localhost:5173/callback"] } },
      SPA,
    );
    if (!auth.userPool || !auth.userPoolClient || !auth.domain || !auth.resourceServer) {
      throw new Error("the SPA's sign-in is missing");
    }

    expect(blockOf(tf, auth.domain)).toMatchObject({
      domain: "imgpipe-dev-123456789012",
      user_pool_id: reference(auth.userPool, "id"),
    });
    expect(blockOf(tf, auth.resourceServer)).toMatchObject({
      identifier: "images",
      scope: [
        { scope_name: "read", scope_description: "List and read images" },
        { scope_name: "write", scope_description: "Upload and delete images" },
      ],
    });
    expect(blockOf(tf, auth.userPoolClient)).toMatchObject({
      allowed_oauth_flows: ["code"],
      allowed_oauth_scopes: ["openid", "email", "profile", "images/read", "images/write"],
      callback_urls: ["https://d111.cloudfront.net/callback", "http://localhost:5173/callback"],
      logout_urls: ["https://d111.cloudfront.net/", "http://localhost:5173/callback"],
      depends_on: [`aws_cognito_resource_server.${auth.resourceServer.friendlyUniqueId}`],
    });
    expect(tf.output.spa_auth?.value).toEqual({
      kind: "oidc",
      authority: tf.output.issuer?.value,
      clientId: reference(auth.userPoolClient, "id"),
      scopes: ["openid", "email", "profile", "images/read", "images/write"],
      logoutEndpoint: "https://imgpipe-dev-123456789012.auth.eu-west-1.amazoncognito.com/logout",
    });
  });

  it("makes no hosted sign-in when the SPA is off", () => {
    const { auth, tf } = synthesizeAuth();

    expect(auth.domain).toBeUndefined();
    expect(auth.spaAuth).toBeUndefined();
    expect(blocksOfType(tf, "aws_cognito_user_pool_domain")).toEqual([]);
  });

  it("protects the user pool from deletion with deletion protection", () => {
    const protectedPool = synthesizeAuth({ deletionProtection: true });
    const disposable = synthesizeAuth({ deletionProtection: false });

    const pool = (result: typeof protectedPool) =>
      result.auth.userPool ? blockOf(result.tf, result.auth.userPool) : {};

    expect(pool(protectedPool)).toMatchObject({
      deletion_protection: "ACTIVE",
      lifecycle: { prevent_destroy: true },
    });
    expect(pool(disposable)).toMatchObject({ deletion_protection: "INACTIVE" });
    expect(pool(disposable).lifecycle).toBeUndefined();
  });

  it("trusts a configured OIDC issuer and audience and makes no user pool", () => {
    const { auth, tf } = synthesizeAuth({
      auth: { provider: "oidc", issuer: "https://login.example.com/", audience: ["imgpipe"] },
    });

    expect(auth.issuer).toBe("https://login.example.com/");
    expect(auth.audience).toEqual(["imgpipe"]);
    expect(auth.userPool).toBeUndefined();
    expect(Object.keys(tf.resource)).toEqual([]);
    expect(tf.output.issuer?.value).toBe("https://login.example.com/");
  });
});
