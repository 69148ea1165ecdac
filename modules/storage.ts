import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { type PipelineConfig, resourceName } from "@imgpipe/core";
import { Construct } from "constructs";
import { PrivateBucket } from "./privateBucket.js";

export interface StorageProps {
  readonly config: PipelineConfig;
}

/**
 * The two buckets of the pipeline: `uploads` receives originals straight from browsers,
 * `processed` holds the rendered variants. Both are {@link PrivateBucket}s.
 *
 * @example
 * const storage = new Storage(this, "storage", { config });
 * storage.uploads.bucket; // the generated bucket name
 */
export class Storage extends Construct {
  readonly uploads: S3Bucket;
  readonly processed: S3Bucket;

  constructor(scope: Construct, id: string, { config }: StorageProps) {
    super(scope, id);
    this.uploads = new PrivateBucket(this, "uploads", {
      bucketPrefix: `${resourceName(config, "uploads")}-`,
    }).bucket;
    this.processed = new PrivateBucket(this, "processed", {
      bucketPrefix: `${resourceName(config, "processed")}-`,
    }).bucket;

    // New uploads reach process-image through EventBridge (retries, a dead-letter queue,
    // the same pattern as the local cloud), never through a direct bucket notification.
    new S3BucketNotification(this, "uploads-to-eventbridge", {
      bucket: this.uploads.id,
      eventbridge: true,
    });
  }
}
