import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { LOCAL_CREDENTIALS } from "./settings.js";

/**
 * An S3 client on a local cloud's S3, as an app developer would make it: the local
 * credentials, path-style addressing, and checksums only where S3 requires them
 * (s3rver would store aws-chunked framing as part of the object).
 */
export function localS3Client(endpoint: string, region: string): S3Client {
  return new S3Client({
    endpoint,
    region,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** A DynamoDB document client on a local cloud's DynamoDB, with the local credentials. */
export function localDynamoClient(endpoint: string, region: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS }),
  );
}
