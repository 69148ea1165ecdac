import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { TransformFunctionSettings } from "@imgpipe/core";
import { RenditionStore } from "./renditions/renditionStore.js";
import { SourceStore } from "./source/sourceStore.js";
import type { TransformDeps } from "./transformImage.js";

/**
 * The AWS SDK clients and the stores on them. The handler imports this module on its
 * first request, as a chunk of its own: a cold start then does not load the SDK, and
 * the first request does, once. Endpoints, region and credentials come from the
 * standard AWS environment variables.
 */
export function createStores(
  settings: TransformFunctionSettings,
): Pick<TransformDeps, "sources" | "renditions"> {
  const s3 = new S3Client({});
  return {
    sources: new SourceStore(
      { s3, dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({})) },
      settings,
    ),
    renditions: new RenditionStore(s3, settings.processedBucket),
  };
}
