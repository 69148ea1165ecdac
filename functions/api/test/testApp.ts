import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { API_SCOPES, EventPublisher, parsePipelineConfig } from "@imgpipe/core";
import { mockClient } from "aws-sdk-client-mock";
import { pino } from "pino";
import { createApp } from "../src/app.js";
import { ImageObjects } from "../src/store/imageObjects.js";
import { ImageTable } from "../src/store/imageTable.js";

const config = parsePipelineConfig({ environment: "test" }, "test");

/**
 * The app as the Lambda handler builds it, with mocked AWS clients: for the answers the
 * local services cannot provoke (throttling, an id taken, a crash). Everything the local
 * cloud can show is tested through it, in the local package.
 */
export function testApp(options: { transformEnabled?: boolean } = {}) {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
  const s3 = new S3Client({
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const sns = new SNSClient({ region: "us-east-1" });
  const mocks = { dynamo: mockClient(dynamo), s3: mockClient(s3), sns: mockClient(sns) };
  const app = createApp({
    settings: {
      limits: config.limits,
      processing: config.processing,
      corsOrigins: ["https://app.example.com"],
      cdnUrl: "https://cdn.example.com",
      pendingUploadHours: 24,
    },
    table: new ImageTable(dynamo, "images"),
    objects: new ImageObjects(s3, { uploads: "uploads", processed: "processed" }),
    events: new EventPublisher(sns, "arn:aws:sns:us-east-1:000000000000:events"),
    logger: pino({ level: "silent" }),
    newImageId: () => "01JD8X6Q7T3R9M2K5V4N8B1C0A",
    now: () => new Date("2026-12-01T10:00:00Z"),
    ...((options.transformEnabled ?? true) && {
      transform: { key: "a-signing-key-for-the-api-tests", settings: config.transform },
    }),
  });
  return { app, mocks };
}

/** The Lambda event of a caller whose token API Gateway verified. */
export function verifiedCaller(
  sub: string | undefined,
  scopes: string[] = [API_SCOPES.read, API_SCOPES.write],
) {
  return {
    event: {
      requestContext: {
        authorizer: { jwt: { claims: sub === undefined ? {} : { sub }, scopes } },
      },
    },
  };
}
