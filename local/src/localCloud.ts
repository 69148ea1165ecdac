import { join } from "node:path";
import { newUploadEventPattern, type PipelineConfig, resourceName } from "@imgpipe/core";
import { ActivityLog, type DeadLetter } from "./activity/activityLog.js";
import { startLocalDynamoDb } from "./dynamodb/startLocalDynamoDb.js";
import { EventRouter } from "./events/eventRouter.js";
import { toObjectCreatedEvent } from "./events/objectCreatedEvent.js";
import { type LocalEndpoints, processImageFunction } from "./lambda/localFunctions.js";
import type { Logger } from "./logger.js";
import { startLocalS3 } from "./s3/startLocalS3.js";
import { LOCAL_ACCOUNT_ID, type LocalPorts } from "./settings.js";
import { startLocalSns } from "./sns/startLocalSns.js";

export interface LocalCloudOptions {
  config: PipelineConfig;
  /** Where objects and the table live between runs. */
  dataDir: string;
  /** The API and CDN ports default to free ones. */
  ports: Pick<LocalPorts, "s3" | "dynamodb" | "sns"> & Partial<LocalPorts>;
  logger: Logger;
  /** LOG_LEVEL of the functions. */
  functionLogLevel?: string;
}

export interface LocalResources {
  uploadsBucket: string;
  processedBucket: string;
  imagesTable: string;
  eventsTopicArn: string;
}

export interface LocalCloud {
  endpoints: LocalEndpoints;
  resources: LocalResources;
  deadLetters: readonly DeadLetter[];
  /** Resolves when every upload so far has been processed and its webhooks called. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function localResources(config: PipelineConfig): LocalResources {
  return {
    uploadsBucket: resourceName(config, "uploads"),
    processedBucket: resourceName(config, "processed"),
    imagesTable: resourceName(config, "images"),
    eventsTopicArn: `arn:aws:sns:${config.region}:${LOCAL_ACCOUNT_ID}:${resourceName(config, "events")}`,
  };
}

/**
 * Starts the whole pipeline on this machine: S3, DynamoDB and SNS stand-ins, and the
 * EventBridge rule that sends new uploads to the real process-image bundle.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const { config, dataDir, ports, logger } = options;
  const resources = localResources(config);
  // sharp must be loaded by the main thread before any worker loads it: a worker that
  // exits could otherwise unload libvips while another still uses it.
  await import("sharp");

  const activity = await ActivityLog.open(join(dataDir, "activity.jsonl"));
  const stops: (() => Promise<void>)[] = [() => activity.flushed()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const dynamodb = await startLocalDynamoDb({
      dataDir,
      port: ports.dynamodb,
      region: config.region,
      imagesTable: resources.imagesTable,
    });
    stops.push(dynamodb.stop);
    const sns = await startLocalSns({
      port: ports.sns,
      dataDir,
      account: LOCAL_ACCOUNT_ID,
      region: config.region,
      topic: resourceName(config, "events"),
      webhooks: config.webhooks,
      activity,
      logger,
    });
    stops.push(sns.stop);
    const s3 = await startLocalS3({
      dataDir,
      port: ports.s3,
      buckets: [resources.uploadsBucket, resources.processedBucket],
    });
    const endpoints = { s3: s3.endpoint, dynamodb: dynamodb.endpoint, sns: sns.endpoint };
    const processImage = processImageFunction({
      config,
      endpoints,
      resources,
      logLevel: options.functionLogLevel ?? "info",
      logger,
    });
    stops.push(() => processImage.stop());
    const router = new EventRouter(
      [
        {
          name: resourceName(config, "new-upload"),
          pattern: newUploadEventPattern(resources.uploadsBucket),
          target: processImage,
        },
      ],
      { attempts: 3, firstBackoffMs: 1000 },
      activity,
      logger.child({ service: "eventbridge" }),
    );
    // Stop taking uploads first, then let the work already started finish.
    stops.push(() => router.idle(), s3.stop);
    s3.onObjectEvent((record) => {
      const event = toObjectCreatedEvent(record, {
        account: LOCAL_ACCOUNT_ID,
        region: config.region,
      });
      if (event) router.put(event);
    });
    return {
      endpoints,
      resources,
      get deadLetters() {
        return activity.deadLetters();
      },
      async idle() {
        await router.idle();
        await sns.idle();
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
