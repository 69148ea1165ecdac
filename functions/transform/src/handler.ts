import { loadOnce, parseTransformEnvironment, readSigningKey } from "@imgpipe/core";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { createLogger } from "./logger.js";
import { transformImage } from "./transformImage.js";

// Cold start: settings and the signing key, once per process; a bad environment fails
// here. The SDK clients are loaded by the first request (see stores.ts), then kept.
const settings = parseTransformEnvironment(process.env);
const logger = createLogger(settings.logLevel);
const signingKey = await readSigningKey(settings.signingKey);
const stores = loadOnce(() => import("./stores.js").then((m) => m.createStores(settings)));

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
      ...(await stores()),
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
