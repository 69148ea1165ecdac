import { parsePipelineConfig } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { ACCESS_LOG_FORMAT, HttpApi } from "./api.js";
import { Auth } from "./auth.js";
import { blockOf, blocksOfType, reference, synthesizeScope } from "./testing/terraformJson.js";

function synthesizeApi(input: Record<string, unknown> = {}, extraCorsOrigins?: string[]) {
  const config = parsePipelineConfig({ environment: "dev", region: "eu-west-1", ...input }, "test");
  const { built, tf } = synthesizeScope((stack) => {
    const auth = new Auth(stack, "auth", { config });
    return { auth, api: new HttpApi(stack, "api", { config, auth, extraCorsOrigins }) };
  });
  return { ...built, tf };
}

describe("HttpApi", () => {
  it("is an HTTP API with no routes and no integration yet", () => {
    const { api, tf } = synthesizeApi();

    expect(blockOf(tf, api.api)).toMatchObject({ name: "imgpipe-dev-api", protocol_type: "HTTP" });
    expect(blocksOfType(tf, "aws_apigatewayv2_route")).toEqual([]);
    expect(blocksOfType(tf, "aws_apigatewayv2_integration")).toEqual([]);
    expect(blocksOfType(tf, "aws_lambda_function")).toEqual([]);
  });

  it("authorizes with JWTs from the configured OIDC issuer and audience", () => {
    const { api, tf } = synthesizeApi({
      auth: { provider: "oidc", issuer: "https://login.example.com/", audience: ["a", "b"] },
    });

    expect(blockOf(tf, api.authorizer)).toEqual({
      api_id: reference(api.api, "id"),
      name: "jwt",
      authorizer_type: "JWT",
      identity_sources: ["$request.header.Authorization"],
      jwt_configuration: { issuer: "https://login.example.com/", audience: ["a", "b"] },
    });
  });

  it("authorizes with JWTs of the stack's user pool by default", () => {
    const { api, auth, tf } = synthesizeApi();

    expect(auth.userPool && auth.userPoolClient).toBeDefined();
    if (!auth.userPool || !auth.userPoolClient) return;
    expect(blockOf(tf, api.authorizer).jwt_configuration).toEqual({
      issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${reference(auth.userPool, "id")}`,
      audience: [reference(auth.userPoolClient, "id")],
    });
  });

  it("throttles its stage and logs every request as one JSON line, for a limited time", () => {
    const { api, tf } = synthesizeApi({
      api: { throttleRatePerSecond: 20, throttleBurst: 40 },
      functions: { logRetentionDays: 14 },
    });

    const stage = blockOf(tf, api.stage);

    expect(stage).toMatchObject({
      name: "$default",
      auto_deploy: true,
      default_route_settings: {
        throttling_rate_limit: 20,
        throttling_burst_limit: 40,
        detailed_metrics_enabled: true,
      },
      access_log_settings: { destination_arn: reference(api.accessLogs, "arn") },
    });
    expect(JSON.parse(String((stage.access_log_settings as { format: string }).format))).toEqual(
      ACCESS_LOG_FORMAT,
    );
    expect(blockOf(tf, api.accessLogs).retention_in_days).toBe(14);
  });

  it("allows CORS from the configured origins and the given ones", () => {
    const { api, tf } = synthesizeApi({ corsOrigins: ["http://localhost:5173"] }, [
      "https://images.example.com",
    ]);

    expect(blockOf(tf, api.api).cors_configuration).toEqual({
      allow_origins: ["http://localhost:5173", "https://images.example.com"],
      allow_methods: ["GET", "POST", "DELETE"],
      allow_headers: ["authorization", "content-type"],
      max_age: 3600,
    });
  });

  it("allows no cross-origin call when no origin is configured", () => {
    const { api, tf } = synthesizeApi();

    expect(blockOf(tf, api.api).cors_configuration).toBeUndefined();
  });
});
