import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  API_SCOPES,
  apiRouteKey,
  apiRoutesFor,
  newUploadEventPattern,
  type PipelineConfig,
  resourceName,
  spaConfigFor,
  UPLOAD_EVENT_RETRY_POLICY,
} from "@imgpipe/core";
import { ActivityLog, type DeadLetter } from "./activity/activityLog.js";
import { createControlApi } from "./control/controlApi.js";
import { type ReprocessSelector, uploadRecords } from "./control/reprocess.js";
import { startLocalDynamoDb } from "./dynamodb/startLocalDynamoDb.js";
import { EventRouter, type EventTarget, type RoutedEvent } from "./events/eventRouter.js";
import { HeldRows } from "./events/heldRows.js";
import { objectKeyOf, toObjectCreatedEvent } from "./events/objectCreatedEvent.js";
import { retrySchedule } from "./events/retrySchedule.js";
import type { ApiRoute } from "./gateway/apiGateway.js";
import type { DevIssuer } from "./gateway/devIssuer.js";
import { startLocalGateway } from "./gateway/startLocalGateway.js";
import { DeliveryJournal } from "./journal/deliveryJournal.js";
import {
  apiFunction,
  type LocalEndpoints,
  processImageFunction,
  transformFunction,
} from "./lambda/localFunctions.js";
import type { LocalLambda } from "./lambda/localLambda.js";
import type { Logger } from "./logger.js";
import { type S3rverEventRecord, startLocalS3 } from "./s3/startLocalS3.js";
import { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS, type LocalPorts } from "./settings.js";
import { startLocalSns } from "./sns/startLocalSns.js";
import type { RedriveResult, WebhookDeadLetter } from "./sns/webhookDeadLetters.js";
import { loadOrCreateSigningKey } from "./transform/signingKey.js";

export interface LocalCloudOptions {
  config: PipelineConfig;
  /** Where objects, the table, subscriptions, keys and the activity log live between runs. */
  dataDir: string;
  /** The API and CDN ports default to free ones. */
  ports: Pick<LocalPorts, "s3" | "dynamodb" | "sns"> & Partial<LocalPorts>;
  logger: Logger;
  /** LOG_LEVEL of the functions. */
  functionLogLevel?: string;
  /** The function behind the CDN's `/t/*`; by default the transform bundle when `features.transform` is on. */
  transform?: EventTarget;
  /**
   * Sandboxes the transform bundle may run at once (default 2). Lambda gives each
   * concurrent request its own sandbox; a load test raises this to its requests in flight.
   */
  transformConcurrency?: number;
  /** The built SPA the CDN serves (frontend/dist). */
  spaDir?: string;
  /**
   * For tests only: shortens every wait of the rule's retry policy (and its maximum
   * event age) by this factor; the local bus otherwise retries in real time, as AWS does.
   */
  eventRetryTimeScale?: number;
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

/** Deliveries a run owes: events to the functions, notifications to webhook endpoints. */
export interface Owed {
  events: number;
  notifications: number;
}

export interface LocalCloud {
  endpoints: LocalCloudEndpoints;
  resources: LocalResources;
  /** The dev identity provider that the API's JWT authorizer trusts. */
  issuer: DevIssuer;
  activity: ActivityLog;
  deadLetters: readonly DeadLetter[];
  /** Webhook notifications that exhausted their delivery policy (the webhooks DLQ). */
  webhookDeadLetters: readonly WebhookDeadLetter[];
  /** Sends webhook dead letters again, signed afresh: all, or those with the given ids. */
  redrive(ids?: readonly string[]): Promise<RedriveResult>;
  /** Puts the selected uploads on the bus again, as if they had just been uploaded. */
  reprocess(selector: ReprocessSelector): Promise<string[]>;
  /** What the last run left undelivered, which this one delivers again, and the rows it left held. */
  resumed: Owed & { heldRows: number };
  /** What is owed now; after `stop`, what the next start will deliver. */
  owed(): Owed;
  /** Resolves when every upload so far has been processed and its webhooks called. */
  idle(): Promise<void>;
  /**
   * Stops in order: takes no new work (uploads that still arrive wait in the journal),
   * lets the invocations and webhook requests under way finish while S3, DynamoDB and
   * SNS are still up, then stops the services in reverse order of dependency.
   */
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
  // Each service's stop is pushed once it is up; stopping runs them last first.
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
    const eventJournal = await DeliveryJournal.open<RoutedEvent>(
      join(dataDir, "eventbridge", "journal.jsonl"),
    );
    stops.push(() => eventJournal.close());
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
    stops.push(s3.stop);
    // From here to onObjectEvent nothing waits, so no upload can come in unheard.
    const awsEndpoints = { s3: s3.endpoint, dynamodb: dynamodb.endpoint, sns: sns.endpoint };
    const clientOptions = { region: config.region, credentials: LOCAL_CREDENTIALS };
    const s3Client = new S3Client({
      ...clientOptions,
      endpoint: s3.endpoint,
      forcePathStyle: true,
    });
    const dynamoClient = DynamoDBDocumentClient.from(
      new DynamoDBClient({ ...clientOptions, endpoint: dynamodb.endpoint }),
    );
    stops.push(async () => {
      s3Client.destroy();
      dynamoClient.destroy();
    });
    const processImage = processImageFunction({
      config,
      endpoints: awsEndpoints,
      resources,
      logLevel: options.functionLogLevel ?? "info",
      logger,
    });
    stops.push(() => processImage.stop());
    // The key the transform function verifies with and the API signs its srcsets with.
    const signingKey = config.features.transform
      ? await loadOrCreateSigningKey(dataDir)
      : undefined;
    const transformLambda =
      options.transform === undefined && signingKey !== undefined
        ? transformFunction({
            config,
            endpoints: awsEndpoints,
            resources,
            signingKey,
            logLevel: options.functionLogLevel ?? "info",
            logger,
            ...(options.transformConcurrency && { concurrency: options.transformConcurrency }),
          })
        : undefined;
    if (transformLambda) stops.push(() => transformLambda.stop());
    const transform = options.transform ?? transformLambda;
    const router = new EventRouter(
      [
        {
          name: resourceName(config, "new-upload"),
          pattern: newUploadEventPattern(resources.uploadsBucket),
          target: processImage,
        },
      ],
      retrySchedule(UPLOAD_EVENT_RETRY_POLICY, options.eventRetryTimeScale),
      eventJournal,
      activity,
      logger.child({ service: "eventbridge" }),
    );
    // The invocations under way finish, and the webhooks they caused are sent, before
    // any service they need stops.
    stops.push(async () => {
      await router.drain();
      await sns.drain();
    });
    const putObjectEvent = (record: S3rverEventRecord) => {
      const event = toObjectCreatedEvent(record, {
        account: LOCAL_ACCOUNT_ID,
        region: config.region,
      });
      return event ? router.put(event) : undefined;
    };
    s3.onObjectEvent(putObjectEvent);

    const reprocess = async (selector: ReprocessSelector) => {
      const records = await uploadRecords(
        s3Client,
        resources.uploadsBucket,
        config.region,
        selector,
      );
      await Promise.all(records.map(putObjectEvent));
      return records.map((r) => r.s3.object.key);
    };
    const heldRows = new HeldRows({
      dynamo: dynamoClient,
      imagesTable: resources.imagesTable,
      pendingUploadKeys: () => router.pendingEvents().flatMap((e) => objectKeyOf(e) ?? []),
      deadLetters: () => activity.deadLetters(),
      redeliver: (row) => reprocess(row),
      logger: logger.child({ service: "eventbridge" }),
    });
    stops.push(() => heldRows.stop());
    const endpoints = { ...awsEndpoints, api: "", cdn: "" };
    let api: LocalLambda | undefined;
    stops.push(async () => api?.stop());
    // The API builds variant and transform URLs on the CDN, whose port is known once it listens.
    const apiRoutes = ({ cdn }: { cdn: string }): ApiRoute[] => {
      const target = apiFunction({
        config,
        endpoints: awsEndpoints,
        resources: {
          ...resources,
          cdnUrl: cdn,
          ...(signingKey !== undefined && { signingKey: { value: signingKey } }),
        },
        logLevel: options.functionLogLevel ?? "info",
        logger,
      });
      api = target;
      return apiRoutesFor(config.features).map((route) => ({
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
      transform,
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
        webhookDeadLetters: () => sns.deadLetters(),
        redrive: (ids) => sns.redrive(ids),
      }),
      logger,
    });
    // The gateway goes first, so that no new request comes in while the rest stops.
    stops.push(gateway.stop);
    browserOrigins.push(gateway.cdnEndpoint);
    endpoints.api = gateway.apiEndpoint;
    endpoints.cdn = gateway.cdnEndpoint;
    const resumed = { events: router.resume(), notifications: sns.resumed, heldRows: 0 };
    resumed.heldRows = await heldRows.start();
    return {
      endpoints,
      resources,
      issuer: gateway.issuer,
      activity,
      get deadLetters() {
        return activity.deadLetters();
      },
      get webhookDeadLetters() {
        return sns.deadLetters();
      },
      redrive: (ids) => sns.redrive(ids),
      reprocess,
      resumed,
      owed: () => ({ events: router.pendingEvents().length, notifications: sns.pending() }),
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
