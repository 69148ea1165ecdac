import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { EventPublisher, parseApiEnvironment, readSigningKey } from "@imgpipe/core";
import { handle } from "hono/aws-lambda";
import { pino } from "pino";
import { monotonicFactory } from "ulid";
import { createApp } from "./app.js";
import { ImageObjects } from "./store/imageObjects.js";
import { ImageTable } from "./store/imageTable.js";

// Cold start: settings, the transform signing key (when transforms are on) and clients
// are built once per process. Endpoints, region and credentials come from the standard
// AWS environment variables.
const settings = parseApiEnvironment(process.env);
const transform = settings.transform && {
  key: await readSigningKey(settings.transform.signingKey),
  settings: settings.transform.settings,
};
const app = createApp({
  settings,
  ...(transform && { transform }),
  table: new ImageTable(
    DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    settings.imagesTable,
  ),
  objects: new ImageObjects(new S3Client({}), {
    uploads: settings.uploadsBucket,
    processed: settings.processedBucket,
  }),
  events: new EventPublisher(new SNSClient({}), settings.eventsTopicArn),
  logger: pino({ level: settings.logLevel, base: { function: "api" }, messageKey: "message" }),
  // Sortable (newest ids are greatest) and unguessable (80 random bits).
  newImageId: monotonicFactory(),
  now: () => new Date(),
});

/** API Gateway HTTP API (payload 2.0) → the Hono app → the Lambda result. */
export const handler = handle(app);
