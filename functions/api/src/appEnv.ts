import type { ApiSettings, EventPublisher, TransformSettings } from "@imgpipe/core";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import type { Logger } from "pino";
import type { ImageObjects } from "./store/imageObjects.js";
import type { ImageTable } from "./store/imageTable.js";

/** What the routes need, built once per process and passed in: the app holds no globals. */
export interface ApiDeps {
  settings: Pick<
    ApiSettings,
    "limits" | "processing" | "corsOrigins" | "cdnUrl" | "pendingUploadHours"
  >;
  /**
   * Where transforms are on: the signing key (read at cold start) and the transform
   * settings (the srcset's, and the bounds of `POST /transform`).
   */
  transform?: { key: string; settings: TransformSettings };
  table: ImageTable;
  objects: ImageObjects;
  events: EventPublisher;
  logger: Logger;
  newImageId: () => string;
  now: () => Date;
}

/**
 * Hono's environment: the Lambda adapter puts API Gateway's payload 2.0 event in
 * `c.env.event`; tests pass an event of the same shape to `app.request`.
 */
export interface AppEnv {
  Bindings: { event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, "requestContext"> };
}
