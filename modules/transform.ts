import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import {
  IMAGES_PREFIX,
  type PipelineConfig,
  RENDITIONS_PREFIX,
  resourceName,
  transformEnvironment,
  UPLOADS_PREFIX,
} from "@imgpipe/core";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { FunctionPackage } from "./functionPackage.js";

export interface TransformProps {
  readonly config: PipelineConfig;
  readonly uploads: S3Bucket;
  readonly processed: S3Bucket;
  readonly imagesTable: DynamodbTable;
  /** The sharp layer's ARN: the bundle leaves sharp out. */
  readonly sharpLayerArn: string;
}

/** The name of the transform signing key's secret. */
export function signingKeySecretName(config: Pick<PipelineConfig, "project" | "environment">) {
  return resourceName(config, "transform-signing-key");
}

/**
 * The on-demand transform function behind the CDN's `/t/*`: its signing key's secret in
 * Secrets Manager (its value made by `npm run deploy` after the apply that creates it,
 * so never in the config, the plan or the state), the function (arm64, sharp
 * from the layer), and a function URL with `AWS_IAM` auth that only the distribution
 * may call (origin access control for Lambda, see {@link Transform.allowDistribution}).
 * Its role reads the originals, the variants and the images table, and writes nothing
 * but renditions.
 *
 * @example
 * const transform = new Transform(this, "transform", { config, uploads, processed, imagesTable, sharpLayerArn });
 * transform.allowDistribution(cdn.distribution.arn);
 */
export class Transform extends Construct {
  readonly signingKey: SecretsmanagerSecret;
  readonly function: FunctionPackage;
  readonly url: LambdaFunctionUrl;
  /** The function URL's host name, as a CloudFront origin names it. */
  readonly originDomain: string;

  constructor(scope: Construct, id: string, props: TransformProps) {
    super(scope, id);
    const { config, uploads, processed, imagesTable } = props;

    this.signingKey = new SecretsmanagerSecret(this, "signing-key", {
      name: signingKeySecretName(config),
      description: "HMAC key of imgpipe's signed transform URLs (/t/*)",
      recoveryWindowInDays: config.deletionProtection ? 30 : 0,
    });
    this.function = new FunctionPackage(this, "function", {
      packageName: "@imgpipe/transform",
      functionName: resourceName(config, "transform"),
      memorySize: config.functions.transform.memoryMb,
      timeout: config.functions.transform.timeoutSeconds,
      environment: transformEnvironment(config, {
        uploadsBucket: uploads.bucket,
        processedBucket: processed.bucket,
        imagesTable: imagesTable.name,
        signingKey: { secretArn: this.signingKey.arn },
      }),
      logRetentionInDays: config.functions.logRetentionDays,
      layers: [props.sharpLayerArn],
    });
    this.function.attachInlinePolicy("transform-access", [
      {
        sid: "ReadOriginals",
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [`${uploads.arn}/${UPLOADS_PREFIX}*`],
      },
      {
        sid: "ReadVariantsAndRenditions",
        actions: ["s3:GetObject"],
        resources: [`${processed.arn}/${IMAGES_PREFIX}*`, `${processed.arn}/${RENDITIONS_PREFIX}*`],
      },
      {
        // Without it a missing key is a 403, not the NoSuchKey that means "not stored".
        sid: "TellMissingObjectsApart",
        actions: ["s3:ListBucket"],
        resources: [uploads.arn, processed.arn],
      },
      {
        sid: "StoreRenditions",
        actions: ["s3:PutObject"],
        resources: [`${processed.arn}/${RENDITIONS_PREFIX}*`],
      },
      {
        sid: "ReadImageRows",
        actions: ["dynamodb:GetItem"],
        resources: [imagesTable.arn],
      },
      {
        sid: "ReadSigningKey",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.signingKey.arn],
      },
    ]);

    this.url = new LambdaFunctionUrl(this, "url", {
      functionName: this.function.fn.functionName,
      authorizationType: "AWS_IAM",
      invokeMode: "BUFFERED",
    });
    // https://abc.lambda-url.eu-west-1.on.aws/ → abc.lambda-url.eu-west-1.on.aws
    this.originDomain = Fn.replace(Fn.replace(this.url.functionUrl, "https://", ""), "/", "");
  }

  /** Lets one CloudFront distribution, and nothing else, call the function URL. */
  allowDistribution(distributionArn: string): void {
    // CloudFront's origin access control for Lambda needs both permissions.
    new LambdaPermission(this, "cloudfront-invokes-url", {
      statementId: "CloudFrontInvokesFunctionUrl",
      action: "lambda:InvokeFunctionUrl",
      functionName: this.function.fn.functionName,
      principal: "cloudfront.amazonaws.com",
      sourceArn: distributionArn,
      functionUrlAuthType: "AWS_IAM",
    });
    new LambdaPermission(this, "cloudfront-invokes", {
      statementId: "CloudFrontInvokesFunction",
      action: "lambda:InvokeFunction",
      functionName: this.function.fn.functionName,
      principal: "cloudfront.amazonaws.com",
      sourceArn: distributionArn,
    });
  }
}
