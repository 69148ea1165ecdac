import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { API_SCOPES, uploadKey, uploadRefusal } from "@imgpipe/core";
import type { ApiDeps, AppEnv } from "../appEnv.js";
import { caller } from "../caller.js";
import { safeFileName } from "../fileName.js";
import { ApiError } from "../problems.js";
import { UploadRequestSchema, UploadResponseSchema } from "../schemas.js";
import { bearer, problemResponses } from "./problemResponses.js";

/** How long a presigned POST works: long enough for a slow phone upload to start. */
export const UPLOAD_URL_SECONDS = 300;

const createUpload = createRoute({
  method: "post",
  path: "/uploads",
  summary: "Start an upload",
  description:
    "Reserves an image id and returns a presigned POST for exactly one file of the declared type, no larger than the limit. POST the `fields`, then the `file`, as multipart/form-data to `url`.",
  security: bearer(API_SCOPES.write),
  request: {
    body: { required: true, content: { "application/json": { schema: UploadRequestSchema } } },
  },
  responses: {
    201: {
      description: "Upload reserved",
      content: { "application/json": { schema: UploadResponseSchema } },
    },
    ...problemResponses(400, 409, 413, 415),
  },
});

/** `POST /uploads`: a `pending` row first (never over an existing one), then the signature. */
export function uploadRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps) {
  return app.openapi(createUpload, async (c) => {
    const { ownerId } = caller(c, API_SCOPES.write);
    const body = c.req.valid("json");
    const contentType = body.contentType.toLowerCase();
    const { maxUploadBytes } = deps.settings.limits;
    // The same rule and sentence the SPA refuses a file with before sending it.
    const refusal = uploadRefusal(body, maxUploadBytes);
    if (refusal) throw new ApiError(refusal.code, refusal.message);
    const imageId = deps.newImageId();
    const fileName = safeFileName(body.filename);
    const key = uploadKey({ ownerId, imageId, fileName });
    const now = deps.now();
    const created = await deps.table.createPending({
      ownerId,
      imageId,
      status: "pending",
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + deps.settings.pendingUploadHours * 3600,
      upload: { key, fileName, contentType, bytes: body.bytes },
    });
    if (!created) throw new ApiError("conflict", `Image ${imageId} exists already; retry`);
    const upload = await deps.objects.presignUpload({
      key,
      contentType,
      maxBytes: maxUploadBytes,
      expiresInSeconds: UPLOAD_URL_SECONDS,
    });
    deps.logger.info({ ownerId, imageId, bytes: body.bytes, contentType }, "upload signed");
    const expiresAt = new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
    return c.json({ imageId, upload, expiresAt }, 201);
  });
}
