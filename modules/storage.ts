import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import {
  type PipelineConfig,
  RENDITIONS_PREFIX,
  resourceName,
  UPLOADS_PREFIX,
} from "@imgpipe/core";
import { Construct } from "constructs";
import { PrivateBucket } from "./privateBucket.js";

/** An overwritten or deleted original stays restorable this long. */
const REPLACED_ORIGINALS_DAYS = 30;

export interface StorageProps {
  readonly config: PipelineConfig;
}

/**
 * The three buckets of the pipeline, all {@link PrivateBucket}s: `uploads` receives
 * originals straight from browsers (versioned, optionally expiring), `processed` holds the
 * rendered variants and `frontend` the SPA. With `deletionProtection` the two data buckets
 * survive `destroy`; the frontend is a build output and always goes with the stack.
 *
 * @example
 * const storage = new Storage(this, "storage", { config });
 * storage.uploads.bucket; // the generated bucket name
 * storage.allowBrowserUploads(["https://app.example.com"]);
 */
export class Storage extends Construct {
  readonly uploadsBucket: PrivateBucket;
  readonly processedBucket: PrivateBucket;
  readonly frontendBucket: PrivateBucket;
  readonly uploads: S3Bucket;
  readonly processed: S3Bucket;
  readonly frontend: S3Bucket;
  private readonly config: PipelineConfig;

  constructor(scope: Construct, id: string, { config }: StorageProps) {
    super(scope, id);
    this.config = config;
    const onDestroy = config.deletionProtection ? "retain" : "empty-and-delete";

    this.uploadsBucket = new PrivateBucket(this, "uploads", {
      bucketPrefix: `${resourceName(config, "uploads")}-`,
      onDestroy,
      versioned: true,
      lifecycleRules: uploadsLifecycle(config),
    });
    this.processedBucket = new PrivateBucket(this, "processed", {
      bucketPrefix: `${resourceName(config, "processed")}-`,
      onDestroy,
      lifecycleRules: processedLifecycle(config),
    });
    this.frontendBucket = new PrivateBucket(this, "frontend", {
      bucketPrefix: `${resourceName(config, "frontend")}-`,
      onDestroy: "empty-and-delete",
    });
    this.uploads = this.uploadsBucket.bucket;
    this.processed = this.processedBucket.bucket;
    this.frontend = this.frontendBucket.bucket;

    // New uploads reach process-image through EventBridge (retries, a dead-letter queue,
    // the same pattern as the local cloud), never through a direct bucket notification.
    new S3BucketNotification(this, "uploads-to-eventbridge", {
      bucket: this.uploads.id,
      eventbridge: true,
    });
  }

  /**
   * Lets browsers on the config's CORS origins and on `extraOrigins` (e.g. the CDN's
   * own) send presigned POST uploads. Nothing is added when there is no origin at all.
   */
  allowBrowserUploads(extraOrigins: readonly string[]): S3BucketCorsConfiguration | undefined {
    const origins = [...new Set([...this.config.corsOrigins, ...extraOrigins])];
    if (origins.length === 0) return undefined;
    return new S3BucketCorsConfiguration(this, "uploads-cors", {
      bucket: this.uploads.id,
      corsRule: [
        {
          id: "presigned-post",
          allowedMethods: ["POST"],
          allowedOrigins: origins,
          allowedHeaders: ["content-type"],
          exposeHeaders: ["ETag", "Location"],
          maxAgeSeconds: 3000,
        },
      ],
    });
  }
}

/** Renditions of on-demand transforms are a cache: a CDN miss after expiry renders again. */
function processedLifecycle(config: PipelineConfig): S3BucketLifecycleConfigurationRule[] {
  if (!config.features.transform) return [];
  return [
    {
      id: "expire-renditions",
      status: "Enabled",
      filter: [{ prefix: RENDITIONS_PREFIX }],
      expiration: [{ days: config.transform.renditionDays }],
    },
  ];
}

function uploadsLifecycle(config: PipelineConfig): S3BucketLifecycleConfigurationRule[] {
  const { originalsDays } = config.retention;
  return [
    {
      id: "expire-replaced-originals",
      status: "Enabled",
      filter: [{}],
      noncurrentVersionExpiration: [{ noncurrentDays: REPLACED_ORIGINALS_DAYS }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
    ...(originalsDays === undefined
      ? []
      : [
          {
            id: "expire-originals",
            status: "Enabled",
            filter: [{ prefix: UPLOADS_PREFIX }],
            expiration: [{ days: originalsDays }],
          },
        ]),
  ];
}
