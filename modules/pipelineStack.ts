import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  apiEnvironment,
  apiRoutesFor,
  type BootstrapConfig,
  IMAGES_BY_OWNER_INDEX,
  IMAGES_PREFIX,
  type PipelineConfig,
  permissionsBoundaryArn,
  processImageEnvironment,
  resourceName,
  spaConfigFor,
  stateBucketName,
  UPLOADS_PREFIX,
} from "@imgpipe/core";
import { Aspects, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { HttpApi } from "./api.js";
import { ApiRoutes } from "./apiRoutes.js";
import { Auth, hostedSignInOrigin } from "./auth.js";
import { Cdn } from "./cdn.js";
import { CustomDomain } from "./customDomain.js";
import { UploadEvents } from "./events.js";
import { FrontendSite } from "./frontendSite.js";
import { FunctionPackage } from "./functionPackage.js";
import { Metadata } from "./metadata.js";
import { Monitoring } from "./monitoring.js";
import { Notifications } from "./notifications.js";
import { PermissionsBoundary } from "./permissionsBoundary.js";
import { SharpLayer } from "./sharpLayer.js";
import { Storage } from "./storage.js";
import { requireTerraformAndProvider } from "./terraformRequirements.js";
import { Transform } from "./transform.js";

export interface PipelineStackProps {
  readonly config: PipelineConfig;
  /** The state bucket, its region and the one AWS account the stack may touch. */
  readonly bootstrap: BootstrapConfig;
}

/** The name of an environment's pipeline stack, e.g. `imgpipe-dev`. */
export function pipelineStackName(config: Pick<PipelineConfig, "project" | "environment">) {
  return `${config.project}-${config.environment}`;
}

/** Where an environment's state lives in the state bucket. */
export function pipelineStateKey(config: Pick<PipelineConfig, "project" | "environment">) {
  return `${config.project}/${config.environment}/terraform.tfstate`;
}

/**
 * One environment of the pipeline: buckets, images table, events topic, process-image
 * behind EventBridge, the CDN, monitoring, and — when the config turns them on — the
 * HTTP API with its sign-in and the custom domain. State lives in the bootstrap stack's
 * bucket, one key per environment, locked with a lock file.
 *
 * @example
 * new PipelineStack(app, pipelineStackName(config), { config, bootstrap });
 */
export class PipelineStack extends TerraformStack {
  readonly storage: Storage;
  readonly metadata: Metadata;
  readonly notifications: Notifications;
  readonly sharpLayer: SharpLayer;
  readonly processImage: FunctionPackage;
  readonly transform?: Transform;
  readonly uploadEvents: UploadEvents;
  readonly auth?: Auth;
  readonly api?: HttpApi;
  readonly apiFunction?: FunctionPackage;
  readonly apiRoutes?: ApiRoutes;
  readonly customDomain?: CustomDomain;
  readonly cdn: Cdn;
  readonly frontendSite?: FrontendSite;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, { config, bootstrap }: PipelineStackProps) {
    super(scope, id);
    new S3Backend(this, {
      bucket: stateBucketName(bootstrap),
      key: pipelineStateKey(config),
      region: bootstrap.region,
      encrypt: true,
    });
    // cdktf's S3Backend has no use_lockfile yet: S3-native locking, no DynamoDB table.
    this.addOverride("terraform.backend.s3.use_lockfile", true);
    requireTerraformAndProvider(this);
    Aspects.of(this).add(
      new PermissionsBoundary(permissionsBoundaryArn(bootstrap, config.environment)),
    );
    const defaultTags = {
      Project: config.project,
      Environment: config.environment,
      ManagedBy: "cdktf",
    };
    new AwsProvider(this, "aws", {
      region: config.region,
      allowedAccountIds: [bootstrap.awsAccountId],
      defaultTags: [{ tags: defaultTags }],
    });

    this.storage = new Storage(this, "storage", { config });
    this.metadata = new Metadata(this, "metadata", { config });
    this.notifications = new Notifications(this, "notifications", { config });
    const { uploads, processed } = this.storage;
    const { imagesTable } = this.metadata;
    const { topic } = this.notifications;

    this.sharpLayer = new SharpLayer(this, "sharp", { layerName: resourceName(config, "sharp") });
    this.processImage = new FunctionPackage(this, "process-image", {
      packageName: "@imgpipe/process-image",
      functionName: resourceName(config, "process-image"),
      memorySize: config.functions.processImage.memoryMb,
      timeout: config.functions.processImage.timeoutSeconds,
      environment: processImageEnvironment(config, {
        processedBucket: processed.bucket,
        imagesTable: imagesTable.name,
        eventsTopicArn: topic.arn,
      }),
      logRetentionInDays: config.functions.logRetentionDays,
      layers: [this.sharpLayer.arn],
    });
    this.processImage.attachInlinePolicy("process-image-access", [
      {
        sid: "ReadUploads",
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [`${uploads.arn}/${UPLOADS_PREFIX}*`],
      },
      {
        // Without it S3 answers 403 for a missing key; with it, NoSuchKey, which
        // process-image treats as "deleted since the event" and skips.
        sid: "TellMissingUploadsApart",
        actions: ["s3:ListBucket"],
        resources: [uploads.arn],
      },
      {
        // Delete: the variants of an image deleted while it rendered, or of an upload
        // that a newer one replaced or overtook.
        sid: "WriteVariants",
        actions: ["s3:PutObject", "s3:DeleteObject"],
        resources: [`${processed.arn}/${IMAGES_PREFIX}*`],
      },
      {
        sid: "ListAnImagesVariants",
        actions: ["s3:ListBucket"],
        resources: [processed.arn],
        condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${IMAGES_PREFIX}*`] }],
      },
      {
        sid: "WriteImageRows",
        actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        resources: [imagesTable.arn],
      },
      {
        sid: "PublishImageEvents",
        actions: ["sns:Publish"],
        resources: [topic.arn],
      },
    ]);
    this.uploadEvents = new UploadEvents(this, "upload-events", {
      config,
      uploadsBucket: uploads,
      target: this.processImage,
    });

    if (config.features.transform) {
      this.transform = new Transform(this, "transform", {
        config,
        uploads,
        processed,
        imagesTable,
        sharpLayerArn: this.sharpLayer.arn,
      });
    }
    if (config.domain) {
      this.customDomain = new CustomDomain(this, "domain", { domain: config.domain, defaultTags });
    }
    this.cdn = new Cdn(this, "cdn", {
      config,
      processed: this.storage.processedBucket,
      frontend: this.storage.frontendBucket,
      connectSources: [
        `https://${uploads.bucketRegionalDomainName}`,
        // The API's own host would make a cycle (its CORS names the CDN), so any API
        // Gateway host of the region; nothing else is reachable from the SPA.
        ...(config.features.api ? [`https://*.execute-api.${config.region}.amazonaws.com`] : []),
        ...(config.features.api ? signInOrigins(config, bootstrap.awsAccountId) : []),
      ],
      certificate: this.customDomain?.certificate,
      transformOrigin: this.transform?.originDomain,
    });
    this.transform?.allowDistribution(this.cdn.distribution.arn);
    this.customDomain?.addAliasRecords(this.cdn.distribution);
    this.storage.allowBrowserUploads([this.cdn.url]);
    if (config.features.api) {
      this.auth = new Auth(this, "auth", {
        config,
        ...(config.features.spa && {
          spa: { url: this.cdn.url, accountId: bootstrap.awsAccountId },
        }),
      });
      this.api = new HttpApi(this, "api", {
        config,
        auth: this.auth,
        extraCorsOrigins: [this.cdn.url],
      });
      this.apiFunction = this.apiFunctionPackage(config);
      this.apiRoutes = new ApiRoutes(this, "api-routes", {
        api: this.api,
        target: this.apiFunction,
        routes: apiRoutesFor(config.features),
      });
      if (this.auth.spaAuth) {
        this.frontendSite = new FrontendSite(this, "spa", {
          bucket: this.storage.frontend,
          spaConfig: spaConfigFor(config, {
            apiEndpoint: this.api.endpoint,
            cdnUrl: this.cdn.url,
            auth: this.auth.spaAuth,
          }),
        });
      }
    }

    this.monitoring = new Monitoring(this, "monitoring", {
      config,
      functions: {
        "process-image": this.processImage,
        ...(this.apiFunction && { api: this.apiFunction }),
        ...(this.transform && { transform: this.transform.function }),
      },
      deadLetterQueues: {
        "new-upload": this.uploadEvents.deadLetterQueue.queue,
        "process-image-failures": this.uploadEvents.failedInvocations.queue,
        webhook: this.notifications.deadLetters.queue,
      },
      api: this.api?.api,
    });

    this.outputs();
  }

  /**
   * The API function and its role: exactly what its routes use. Rows: read, create and
   * change on the table, query on the owner index (a delete turns the row into a
   * tombstone that DynamoDB's TTL removes, so no DeleteItem). Objects: sign uploads under
   * `uploads/`, list and delete every version under `uploads/` and `images/`. With
   * transforms on, read the transform signing key (it signs the images' `srcset`).
   * `POST /transform` converts in memory and stores nothing, so it needs no permission.
   */
  private apiFunctionPackage(config: PipelineConfig): FunctionPackage {
    const { uploads, processed } = this.storage;
    const { imagesTable } = this.metadata;
    const signingKey = this.transform?.signingKey;
    const fn = new FunctionPackage(this, "api-function", {
      packageName: "@imgpipe/api",
      functionName: resourceName(config, "api"),
      memorySize: config.functions.api.memoryMb,
      timeout: config.functions.api.timeoutSeconds,
      environment: apiEnvironment(
        config,
        {
          uploadsBucket: uploads.bucket,
          processedBucket: processed.bucket,
          imagesTable: imagesTable.name,
          eventsTopicArn: this.notifications.topic.arn,
          cdnUrl: this.cdn.url,
          ...(signingKey && { signingKey: { secretArn: signingKey.arn } }),
        },
        [this.cdn.url],
      ),
      logRetentionInDays: config.functions.logRetentionDays,
      // `POST /transform` renders with sharp, which the bundle leaves out (and loads lazily);
      // without transforms the route does not exist and nothing loads it.
      ...(config.features.transform && { layers: [this.sharpLayer.arn] }),
    });
    const prefixOnly = (prefix: string) => [
      { test: "StringLike", variable: "s3:prefix", values: [`${prefix}*`] },
    ];
    fn.attachInlinePolicy("api-access", [
      {
        sid: "ImageRows",
        actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        resources: [imagesTable.arn],
      },
      {
        sid: "OwnerIndex",
        actions: ["dynamodb:Query"],
        resources: [`${imagesTable.arn}/index/${IMAGES_BY_OWNER_INDEX.name}`],
      },
      {
        // A presigned POST carries the signer's permission to put the object.
        sid: "SignUploads",
        actions: ["s3:PutObject"],
        resources: [`${uploads.arn}/${UPLOADS_PREFIX}*`],
      },
      {
        sid: "ListUploadVersions",
        actions: ["s3:ListBucketVersions"],
        resources: [uploads.arn],
        condition: prefixOnly(UPLOADS_PREFIX),
      },
      {
        sid: "ListVariantVersions",
        actions: ["s3:ListBucketVersions"],
        resources: [processed.arn],
        condition: prefixOnly(IMAGES_PREFIX),
      },
      {
        sid: "DeleteImageObjects",
        actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: [`${uploads.arn}/${UPLOADS_PREFIX}*`, `${processed.arn}/${IMAGES_PREFIX}*`],
      },
      {
        sid: "PublishImageEvents",
        actions: ["sns:Publish"],
        resources: [this.notifications.topic.arn],
      },
      // The key it signs the images' responsive transform URLs with, and no other secret.
      ...(signingKey
        ? [
            {
              sid: "ReadTransformSigningKey",
              actions: ["secretsmanager:GetSecretValue"],
              resources: [signingKey.arn],
            },
          ]
        : []),
    ]);
    return fn;
  }

  /** What the frontend deploy and an operator need, readable with `terraform output`. */
  private outputs(): void {
    new TerraformOutput(this, "cdn_url", { value: this.cdn.url });
    new TerraformOutput(this, "cdn_distribution_id", { value: this.cdn.distribution.id });
    new TerraformOutput(this, "uploads_bucket", { value: this.storage.uploads.bucket });
    new TerraformOutput(this, "processed_bucket", { value: this.storage.processed.bucket });
    new TerraformOutput(this, "frontend_bucket", { value: this.storage.frontend.bucket });
    new TerraformOutput(this, "images_table", { value: this.metadata.imagesTable.name });
    new TerraformOutput(this, "image_events_topic", { value: this.notifications.topic.arn });
    new TerraformOutput(this, "alarm_topic", { value: this.monitoring.alarmTopic.arn });
    if (this.transform) {
      new TerraformOutput(this, "transform_signing_key_secret", {
        value: this.transform.signingKey.arn,
      });
    }
    if (this.api && this.auth) {
      new TerraformOutput(this, "api_endpoint", { value: this.api.endpoint });
      new TerraformOutput(this, "jwt_issuer", { value: this.auth.issuer });
    }
    if (this.auth?.userPoolClient) {
      new TerraformOutput(this, "user_pool_client_id", { value: this.auth.userPoolClient.id });
    }
  }
}

/**
 * Static origins for the CSP that the SPA's sign-in calls: the configured issuer's, or
 * Cognito's regional host (discovery) and the hosted sign-in's (token exchange).
 */
function signInOrigins(config: PipelineConfig, accountId: string): string[] {
  if (config.auth.provider === "oidc") return [new URL(config.auth.issuer).origin];
  return [
    `https://cognito-idp.${config.region}.amazonaws.com`,
    ...(config.features.spa ? [hostedSignInOrigin(config, accountId)] : []),
  ];
}
