import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  IMAGES_PREFIX,
  type PipelineConfig,
  processImageEnvironment,
  resourceName,
  UPLOADS_PREFIX,
} from "@imgpipe/core";
import { LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { UploadEvents } from "./events.js";
import { FunctionPackage } from "./functionPackage.js";
import { Metadata } from "./metadata.js";
import { Notifications } from "./notifications.js";
import { Storage } from "./storage.js";

export interface PipelineStackProps {
  readonly config: PipelineConfig;
  /** Where Terraform keeps the state, relative to the stack's synthesized folder. */
  readonly localStatePath: string;
  /** Layers of process-image, e.g. the one that provides sharp. */
  readonly processImageLayers?: readonly string[];
}

/** The name of an environment's pipeline stack, e.g. `imgpipe-dev`. */
export function pipelineStackName(config: Pick<PipelineConfig, "project" | "environment">) {
  return `${config.project}-${config.environment}`;
}

/**
 * One environment of the pipeline: the buckets, the images table, the events topic and
 * process-image, triggered by new uploads through EventBridge.
 *
 * @example
 * new PipelineStack(app, pipelineStackName(config), {
 *   config,
 *   localStatePath: "../../../terraform.imgpipe-dev.tfstate",
 * });
 */
export class PipelineStack extends TerraformStack {
  readonly storage: Storage;
  readonly metadata: Metadata;
  readonly notifications: Notifications;
  readonly processImage: FunctionPackage;
  readonly uploadEvents: UploadEvents;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id);
    const { config } = props;
    new LocalBackend(this, { path: props.localStatePath });
    new AwsProvider(this, "aws", {
      region: config.region,
      defaultTags: [
        {
          tags: {
            Project: config.project,
            Environment: config.environment,
            ManagedBy: "cdktf",
          },
        },
      ],
    });

    this.storage = new Storage(this, "storage", { config });
    this.metadata = new Metadata(this, "metadata", { config });
    this.notifications = new Notifications(this, "notifications", { config });

    const { uploads, processed } = this.storage;
    const { imagesTable } = this.metadata;
    const { topic } = this.notifications;
    this.processImage = new FunctionPackage(this, "process-image", {
      packageName: "@imgpipe/process-image",
      functionName: resourceName(config, "process-image"),
      // sharp decodes up to limits.maxInputPixels and renders every variant at once.
      memorySize: 2048,
      timeout: 60,
      environment: processImageEnvironment(config, {
        processedBucket: processed.bucket,
        imagesTable: imagesTable.name,
        eventsTopicArn: topic.arn,
      }),
      logRetentionInDays: 30,
      layers: props.processImageLayers,
    });
    this.processImage.attachInlinePolicy("process-image-access", [
      {
        sid: "ReadUploads",
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [`${uploads.arn}/${UPLOADS_PREFIX}*`],
      },
      {
        sid: "WriteVariants",
        actions: ["s3:PutObject"],
        resources: [`${processed.arn}/${IMAGES_PREFIX}*`],
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
      target: this.processImage.fn,
    });
  }
}
