import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { LocalCloud } from "../../src/localCloud.js";
import { LOCAL_CREDENTIALS } from "../../src/settings.js";

/** The clients an app developer would point at the local cloud. */
export function localClients(cloud: LocalCloud, region: string) {
  const common = { region, credentials: LOCAL_CREDENTIALS };
  return {
    s3: new S3Client({
      ...common,
      endpoint: cloud.endpoints.s3,
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    }),
    dynamo: DynamoDBDocumentClient.from(
      new DynamoDBClient({ ...common, endpoint: cloud.endpoints.dynamodb }),
    ),
  };
}
