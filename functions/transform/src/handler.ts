import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { parseTransformEnvironment, readSigningKey } from "@imgpipe/core";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { createLogger } from "./logger.js";
import { RenditionStore } from "./renditions/renditionStore.js";
import { SourceStore } from "./source/sourceStore.js";
import { transformImage } from "./transformImage.js";

// Cold start: settings, the signing key and clients, once per process. Endpoints, region
// and credentials come from the standard AWS environment variables.
const settings = parseTransformEnvironment(process.env);
const logger = createLogger(settings.logLevel);
const signingKey = await readSigningKey(settings.signingKey);
const s3 = new S3Client({});
const sources = new SourceStore(
  { s3, dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({})) },
  settings,
);
const renditions = new RenditionStore(s3, settings.processedBucket);

/** Lambda function URL (payload 2.0) behind CloudFront's `/t/*`: only translates. */
export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  const { method } = event.requestContext.http;
  const response = await transformImage(
    {
      method,
      path: event.rawPath,
      rawQuery: event.rawQueryString ?? "",
      headers: event.headers ?? {},
    },
    {
      settings: { ...settings, signingKey },
      sources,
      renditions,
      logger: logger.child({ requestId: context.awsRequestId }),
      now: Date.now,
    },
  );
  const body = method === "HEAD" ? undefined : response.body;
  return {
    statusCode: response.status,
    headers: response.headers,
    ...(body && { body: Buffer.from(body).toString("base64"), isBase64Encoded: true }),
  };
}
