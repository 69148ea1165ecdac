import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  EventPublisher,
  type ObjectCreatedEvent,
  parseProcessImageEnvironment,
} from "@imgpipe/core";
import type { Context } from "aws-lambda";
import { ImageStorage } from "./imageStorage.js";
import { createLogger } from "./logger.js";
import { MetadataStore } from "./metadataStore.js";
import { type ProcessOutcome, processUpload } from "./processUpload.js";

// Cold start: settings and clients are built once per process. Endpoints, region and
// credentials come from the standard AWS environment variables.
const settings = parseProcessImageEnvironment(process.env);
const logger = createLogger(settings.logLevel);
const storage = new ImageStorage(new S3Client({}), settings.processedBucket);
const metadata = new MetadataStore(
  DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }),
  settings.imagesTable,
);
const events = new EventPublisher(new SNSClient({}), settings.eventsTopicArn);

/** EventBridge target for "Object Created" events of the uploads bucket. */
export async function handler(
  event: ObjectCreatedEvent,
  context: Context,
): Promise<ProcessOutcome> {
  return processUpload(event, {
    settings,
    storage,
    metadata,
    events,
    logger: logger.child({ requestId: context.awsRequestId }),
    now: () => new Date(),
    deadline: Date.now() + context.getRemainingTimeInMillis(),
  });
}
