import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { type PipelineConfig, resourceName } from "@imgpipe/core";
import { Construct } from "constructs";
import type { Auth } from "./auth.js";

/** One JSON line per request, with what an on-call engineer looks for first. */
export const ACCESS_LOG_FORMAT = {
  requestId: "$context.requestId",
  time: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  method: "$context.httpMethod",
  route: "$context.routeKey",
  path: "$context.path",
  status: "$context.status",
  latencyMs: "$context.responseLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  userAgent: "$context.identity.userAgent",
};

export interface HttpApiProps {
  readonly config: PipelineConfig;
  readonly auth: Auth;
  /** Browser origins besides the config's CORS origins, e.g. the CDN's. */
  readonly extraCorsOrigins?: readonly string[];
}

/**
 * The HTTP API of the pipeline, without routes: they come with the functions they call.
 * It has the JWT authorizer every route will use (trusting {@link Auth}'s issuer and
 * audience), one auto-deployed stage with throttling and JSON access logs, and CORS for
 * the configured origins.
 *
 * @example
 * const api = new HttpApi(this, "api", { config, auth });
 * api.endpoint; // https://{id}.execute-api.{region}.amazonaws.com
 */
export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly authorizer: Apigatewayv2Authorizer;
  readonly stage: Apigatewayv2Stage;
  readonly accessLogs: CloudwatchLogGroup;
  readonly endpoint: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { config, auth } = props;
    const name = resourceName(config, "api");
    const origins = [...new Set([...config.corsOrigins, ...(props.extraCorsOrigins ?? [])])];

    this.api = new Apigatewayv2Api(this, "api", {
      name,
      protocolType: "HTTP",
      description: "imgpipe: uploads, image listing and deletion",
      ...(origins.length > 0 && {
        corsConfiguration: {
          allowOrigins: origins,
          allowMethods: ["GET", "POST", "DELETE"],
          allowHeaders: ["authorization", "content-type"],
          maxAge: 3600,
        },
      }),
    });
    this.authorizer = new Apigatewayv2Authorizer(this, "jwt", {
      apiId: this.api.id,
      name: "jwt",
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: { issuer: auth.issuer, audience: [...auth.audience] },
    });

    this.accessLogs = new CloudwatchLogGroup(this, "access-logs", {
      name: `/aws/apigateway/${name}/access`,
      retentionInDays: config.functions.logRetentionDays,
    });
    this.stage = new Apigatewayv2Stage(this, "default-stage", {
      apiId: this.api.id,
      name: "$default",
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingRateLimit: config.api.throttleRatePerSecond,
        throttlingBurstLimit: config.api.throttleBurst,
        detailedMetricsEnabled: true,
      },
      accessLogSettings: {
        destinationArn: this.accessLogs.arn,
        format: JSON.stringify(ACCESS_LOG_FORMAT),
      },
    });
    this.endpoint = this.api.apiEndpoint;
  }
}
