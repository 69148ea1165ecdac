import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { EventPublisher, type ProcessImageSettings } from "@imgpipe/core";
import { ImageStorage } from "./imageStorage.js";
import { MetadataStore } from "./metadataStore.js";
import type { ProcessUploadDeps } from "./processUpload.js";

/**
 * The AWS SDK clients and the stores on them. The handler imports this module on its
 * first event, as a chunk of its own: a cold start then does not load the SDK, and the
 * first event does, once. Endpoints, region and credentials come from the standard AWS
 * environment variables.
 */
export function createStores(
  settings: ProcessImageSettings,
): Pick<ProcessUploadDeps, "storage" | "metadata" | "events"> {
  return {
    storage: new ImageStorage(new S3Client({}), settings.processedBucket),
    metadata: new MetadataStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({}), {
        marshallOptions: { removeUndefinedValues: true },
      }),
      settings.imagesTable,
    ),
    events: new EventPublisher(new SNSClient({}), settings.eventsTopicArn),
  };
}
