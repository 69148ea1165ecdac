import { API_ROUTES, apiEnvironment, IMAGES_PREFIX, UPLOADS_PREFIX } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { synthesizePipeline } from "./testing/fixtures.js";
import { blockOf, blocksOfType, reference, rolePolicies } from "./testing/terraformJson.js";

describe("the API function and its routes", () => {
  const { config, stack, tf } = synthesizePipeline();
  const { api, apiFunction, apiRoutes } = stack;
  if (!api || !apiFunction || !apiRoutes) throw new Error("the API is on by default");
  const signingKey = stack.transform?.signingKey;
  if (!signingKey) throw new Error("transforms are on by default");

  it("runs the API bundle with the environment core derives, sized by the config, sharp from the layer", () => {
    const fn = blockOf(tf, apiFunction.fn);

    expect(fn).toMatchObject({
      function_name: "imgpipe-dev-api",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      memory_size: config.functions.api.memoryMb,
      timeout: config.functions.api.timeoutSeconds,
    });
    // POST /transform renders with sharp, which the bundle leaves out.
    expect(fn.layers).toEqual([reference(stack.sharpLayer.layer, "arn")]);
    const cdnUrl = `https://${reference(stack.cdn.distribution, "domain_name")}`;
    expect(fn.environment).toEqual({
      variables: {
        ...apiEnvironment(
          config,
          {
            uploadsBucket: reference(stack.storage.uploads, "bucket"),
            processedBucket: reference(stack.storage.processed, "bucket"),
            imagesTable: reference(stack.metadata.imagesTable, "name"),
            eventsTopicArn: reference(stack.notifications.topic, "arn"),
            cdnUrl,
            signingKey: { secretArn: reference(signingKey, "arn") },
          },
          [cdnUrl],
        ),
        NODE_OPTIONS: "--enable-source-maps",
      },
    });
  });

  it("grants the API exactly what it uses, on exactly its resources (POST /transform stores nothing)", () => {
    const table = reference(stack.metadata.imagesTable, "arn");
    const uploads = reference(stack.storage.uploads, "arn");
    const processed = reference(stack.storage.processed, "arn");

    const policies = rolePolicies(apiFunction.role, tf);

    expect(Object.keys(policies).sort()).toEqual(["api-access", "write-logs"]);
    expect(policies["api-access"]).toEqual([
      {
        sid: "ImageRows",
        actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        resources: [table],
      },
      {
        sid: "OwnerIndex",
        actions: ["dynamodb:Query"],
        resources: [`${table}/index/by-owner-newest-first`],
      },
      {
        sid: "SignUploads",
        actions: ["s3:PutObject"],
        resources: [`${uploads}/${UPLOADS_PREFIX}*`],
      },
      {
        sid: "ListUploadVersions",
        actions: ["s3:ListBucketVersions"],
        resources: [uploads],
        condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${UPLOADS_PREFIX}*`] }],
      },
      {
        sid: "ListVariantVersions",
        actions: ["s3:ListBucketVersions"],
        resources: [processed],
        condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${IMAGES_PREFIX}*`] }],
      },
      {
        sid: "DeleteImageObjects",
        actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: [`${uploads}/${UPLOADS_PREFIX}*`, `${processed}/${IMAGES_PREFIX}*`],
      },
      {
        sid: "PublishImageEvents",
        actions: ["sns:Publish"],
        resources: [reference(stack.notifications.topic, "arn")],
      },
      {
        sid: "ReadTransformSigningKey",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [reference(signingKey, "arn")],
      },
    ]);
  });

  it("lets the API read the transform signing key and no other secret", () => {
    const secrets = blocksOfType(tf, "aws_secretsmanager_secret");
    const statements = Object.values(rolePolicies(apiFunction.role, tf)).flat();

    const secretStatements = statements.filter((s) =>
      (s.actions ?? []).some((action) => action.startsWith("secretsmanager:") || action === "*"),
    );

    expect(secrets.length).toBeGreaterThan(0);
    expect(secretStatements).toEqual([
      expect.objectContaining({
        actions: ["secretsmanager:GetSecretValue"],
        resources: [reference(signingKey, "arn")],
      }),
    ]);
  });

  it("gives the API neither the key, nor a secrets statement, nor sharp when transforms are off", () => {
    const off = synthesizePipeline({ features: { transform: false } });
    if (!off.stack.apiFunction) throw new Error("the API is on by default");

    const statements = Object.values(rolePolicies(off.stack.apiFunction.role, off.tf)).flat();
    const { environment, layers } = blockOf(off.tf, off.stack.apiFunction.fn) as {
      environment: { variables: Record<string, string> };
      layers?: string[];
    };

    const actions = statements.flatMap((s) => s.actions ?? []);
    expect(actions.filter((a) => a.startsWith("secretsmanager:"))).toEqual([]);
    expect(
      Object.keys(environment.variables).filter((name) => /SIGNING|TRANSFORM/.test(name)),
    ).toEqual([]);
    expect(layers).toBeUndefined();
  });

  it("puts every route of core's list on the HTTP API, through one payload 2.0 integration", () => {
    const routes = blocksOfType(tf, "aws_apigatewayv2_route");

    expect(blockOf(tf, apiRoutes.integration)).toEqual({
      api_id: reference(api.api, "id"),
      integration_type: "AWS_PROXY",
      integration_uri: reference(apiFunction.fn, "invoke_arn"),
      payload_format_version: "2.0",
    });
    expect(routes.map((route) => route.route_key).sort()).toEqual(
      API_ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
    );
    for (const route of routes) {
      expect(route.target).toBe(`integrations/${reference(apiRoutes.integration, "id")}`);
    }
  });

  it("guards every route but /health, /openapi.json and /docs with the JWT authorizer and its scope", () => {
    const routes = blocksOfType(tf, "aws_apigatewayv2_route");
    const byKey = Object.fromEntries(routes.map((route) => [route.route_key, route]));

    for (const key of ["POST /uploads", "DELETE /images/{id}", "POST /transform"]) {
      expect(byKey[key]).toMatchObject({
        authorization_type: "JWT",
        authorizer_id: reference(api.authorizer, "id"),
        authorization_scopes: ["images/write"],
      });
    }
    for (const key of ["GET /images", "GET /images/{id}"]) {
      expect(byKey[key]).toMatchObject({
        authorization_type: "JWT",
        authorization_scopes: ["images/read"],
      });
    }
    for (const key of ["GET /health", "GET /openapi.json", "GET /docs"]) {
      expect(byKey[key]?.authorization_type).toBe("NONE");
      expect(byKey[key]?.authorizer_id).toBeUndefined();
    }
  });

  it("routes POST /transform only with features.transform", () => {
    const off = synthesizePipeline({ features: { transform: false } });

    const keys = blocksOfType(off.tf, "aws_apigatewayv2_route").map((route) => route.route_key);

    expect(keys).not.toContain("POST /transform");
    expect(keys.length).toBe(API_ROUTES.length - 1);
  });

  it("lets this API, and nothing else, invoke the function", () => {
    expect(blockOf(tf, apiRoutes.permission)).toEqual({
      statement_id: "AllowHttpApi",
      action: "lambda:InvokeFunction",
      function_name: reference(apiFunction.fn, "function_name"),
      principal: "apigateway.amazonaws.com",
      source_arn: `${reference(api.api, "execution_arn")}/*/*`,
    });
  });

  it("leaves the function and its routes out when the API is off", () => {
    const off = synthesizePipeline({ features: { api: false } });

    expect(off.stack.apiFunction).toBeUndefined();
    expect(blocksOfType(off.tf, "aws_apigatewayv2_route")).toEqual([]);
    const functionNames = blocksOfType(off.tf, "aws_lambda_function").map((f) => f.function_name);
    expect(functionNames).not.toContain("imgpipe-dev-api");
    expect(functionNames).toContain("imgpipe-dev-process-image");
  });
});
