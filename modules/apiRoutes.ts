import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { type ApiRouteSpec, apiRouteKey } from "@imgpipe/core";
import { Construct } from "constructs";
import type { HttpApi } from "./api.js";
import type { FunctionPackage } from "./functionPackage.js";

export interface ApiRoutesProps {
  readonly api: HttpApi;
  /** The function every route invokes (payload format 2.0). */
  readonly target: FunctionPackage;
  /** Each with a scope goes through the JWT authorizer; the others are open. */
  readonly routes: readonly ApiRouteSpec[];
}

/**
 * The HTTP API's routes to one Lambda function: one proxy integration, one route per
 * entry of core's route list (JWT authorizer and scope where the entry has a scope), and
 * the permission for this API, and no other, to invoke the function.
 *
 * @example
 * new ApiRoutes(this, "api-routes", { api, target: apiFunction, routes: apiRoutesFor(config.features) });
 */
export class ApiRoutes extends Construct {
  readonly integration: Apigatewayv2Integration;
  readonly routes: readonly Apigatewayv2Route[];
  readonly permission: LambdaPermission;

  constructor(scope: Construct, id: string, props: ApiRoutesProps) {
    super(scope, id);
    const { api, target } = props;
    this.integration = new Apigatewayv2Integration(this, "integration", {
      apiId: api.api.id,
      integrationType: "AWS_PROXY",
      integrationUri: target.fn.invokeArn,
      payloadFormatVersion: "2.0",
    });
    this.routes = props.routes.map(
      (route) =>
        new Apigatewayv2Route(this, routeId(route), {
          apiId: api.api.id,
          routeKey: apiRouteKey(route),
          target: `integrations/${this.integration.id}`,
          ...(route.scope
            ? {
                authorizationType: "JWT",
                authorizerId: api.authorizer.id,
                authorizationScopes: [route.scope],
              }
            : { authorizationType: "NONE" }),
        }),
    );
    this.permission = new LambdaPermission(this, "invoke", {
      statementId: "AllowHttpApi",
      action: "lambda:InvokeFunction",
      functionName: target.fn.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.api.executionArn}/*/*`,
    });
  }
}

/** A construct id, and so a Terraform name, for a route: `GET /images/{id}` → `get-images-id`. */
function routeId(route: ApiRouteSpec): string {
  return `${route.method}-${route.path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/-+$/, "");
}
