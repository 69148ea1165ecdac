import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import {
  API_ROUTES,
  API_SCOPES,
  apiRouteKey,
  newUploadEventPattern,
  type PipelineConfig,
  resourceName,
  spaConfigFor,
} from "@imgpipe/core";
import { ActivityLog, type DeadLetter } from "./activity/activityLog.js";
import { createControlApi } from "./control/controlApi.js";
import { type ReprocessSelector, uploadRecords } from "./control/reprocess.js";
import { startLocalDynamoDb } from "./dynamodb/startLocalDynamoDb.js";
import { EventRouter, type EventTarget } from "./events/eventRouter.js";
import { toObjectCreatedEvent } from "./events/objectCreatedEvent.js";
import type { ApiRoute } from "./gateway/apiGateway.js";
import type { DevIssuer } from "./gateway/devIssuer.js";
import { startLocalGateway } from "./gateway/startLocalGateway.js";
import { apiFunction, type LocalEndpoints, processImageFunction } from "./lambda/localFunctions.js";
import type { LocalLambda } from "./lambda/localLambda.js";
import type { Logger } from "./logger.js";
import { type S3rverEventRecord, startLocalS3 } from "./s3/startLocalS3.js";
import { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS, type LocalPorts } from "./settings.js";
import { startLocalSns } from "./sns/startLocalSns.js";

export interface LocalCloudOptions {
  config: PipelineConfig;
  /** Where objects, the table, subscriptions, keys and the activity log live between runs. */
  dataDir: string;
  /** The API and CDN ports default to free ones. */
  ports: Pick<LocalPorts, "s3" | "dynamodb" | "sns"> & Partial<LocalPorts>;
  logger: Logger;
  /** LOG_LEVEL of the functions. */
  functionLogLevel?: string;
  /** The function behind the CDN's `/t/*`; none until the transform function exists. */
  transform?: EventTarget;
  /** The built SPA the CDN serves (frontend/dist). */
  spaDir?: string;
  /** EventBridge's retries of a failing target; tests shorten the backoff. */
  eventRetry?: { attempts: number; firstBackoffMs: number };
}

export interface LocalResources {
  uploadsBucket: string;
  processedBucket: string;
  imagesTable: string;
  eventsTopicArn: string;
}

export interface LocalCloudEndpoints extends LocalEndpoints {
  api: string;
  cdn: string;
}

export interface LocalCloud {
  endpoints: LocalCloudEndpoints;
  resources: LocalResources;
  /** The dev identity provider that the API's JWT authorizer trusts. */
  issuer: DevIssuer;
  activity: ActivityLog;
  deadLetters: readonly DeadLetter[];
  /** Puts the selected uploads on the bus again, as if they had just been uploaded. */
  reprocess(selector: ReprocessSelector): Promise<string[]>;
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
 * Starts the whole pipeline on this machine: S3, DynamoDB and SNS stand-ins, the
 * EventBridge rule that sends new uploads to the real process-image bundle, and the
 * gateway (API Gateway with its JWT authorizer in front of the real API bundle, CloudFront).
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
    // The config's origins and, once the gateway has its port, the CDN's own: the stack
    // adds the CDN's URL to the bucket's and the API's CORS rules the same way. Read at
    // each request, so the CDN's origin counts from the moment it is known.
    const browserOrigins = [...config.corsOrigins];
    const s3 = await startLocalS3({
      dataDir,
      port: ports.s3,
      buckets: [resources.uploadsBucket, resources.processedBucket],
      corsOrigins: browserOrigins,
    });
    const awsEndpoints = { s3: s3.endpoint, dynamodb: dynamodb.endpoint, sns: sns.endpoint };
    const processImage = processImageFunction({
      config,
      endpoints: awsEndpoints,
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
      options.eventRetry ?? { attempts: 3, firstBackoffMs: 1000 },
      activity,
      logger.child({ service: "eventbridge" }),
    );
    // Stop taking uploads first, then let the work already started finish.
    stops.push(() => router.idle(), s3.stop);
    const putObjectEvent = (record: S3rverEventRecord) => {
      const event = toObjectCreatedEvent(record, {
        account: LOCAL_ACCOUNT_ID,
        region: config.region,
      });
      if (event) router.put(event);
    };
    s3.onObjectEvent(putObjectEvent);

    const s3Client = new S3Client({
      endpoint: s3.endpoint,
      region: config.region,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
    });
    stops.push(async () => s3Client.destroy());
    const reprocess = async (selector: ReprocessSelector) => {
      const records = await uploadRecords(
        s3Client,
        resources.uploadsBucket,
        config.region,
        selector,
      );
      for (const record of records) putObjectEvent(record);
      return records.map((r) => r.s3.object.key);
    };
    const endpoints = { ...awsEndpoints, api: "", cdn: "" };
    let api: LocalLambda | undefined;
    stops.push(async () => api?.stop());
    // The API builds variant URLs on the CDN, whose port is known once it listens.
    const apiRoutes = ({ cdn }: { cdn: string }): ApiRoute[] => {
      const target = apiFunction({
        config,
        endpoints: awsEndpoints,
        resources: { ...resources, cdnUrl: cdn },
        logLevel: options.functionLogLevel ?? "info",
        logger,
      });
      api = target;
      return API_ROUTES.map((route) => ({
        routeKey: apiRouteKey(route),
        target,
        ...(route.scope && { authorization: { scopes: [route.scope] } }),
      }));
    };
    const gateway = await startLocalGateway({
      ports: { api: ports.api ?? 0, cdn: ports.cdn ?? 0 },
      dataDir,
      audience: resourceName(config, "api"),
      routes: apiRoutes,
      transform: options.transform,
      spaDir: options.spaDir,
      s3: s3Client,
      processedBucket: resources.processedBucket,
      corsOrigins: browserOrigins,
      spaConfig: ({ api, cdn, issuer }) =>
        spaConfigFor(config, {
          apiEndpoint: api,
          cdnUrl: cdn,
          auth: { kind: "dev", issuer, scopes: Object.values(API_SCOPES) },
        }),
      control: createControlApi({
        status: () => ({
          endpoints,
          resources,
          region: config.region,
          dataDir,
          issuer: gateway.issuer.issuer,
        }),
        activity,
        reprocess,
      }),
      logger,
    });
    // The gateway goes first, so that no new request comes in while the rest stops.
    stops.push(gateway.stop);
    browserOrigins.push(gateway.cdnEndpoint);
    endpoints.api = gateway.apiEndpoint;
    endpoints.cdn = gateway.cdnEndpoint;
    return {
      endpoints,
      resources,
      issuer: gateway.issuer,
      activity,
      get deadLetters() {
        return activity.deadLetters();
      },
      reprocess,
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
