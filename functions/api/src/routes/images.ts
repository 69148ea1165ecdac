import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { API_SCOPES } from "@imgpipe/core";
import type { ApiDeps, AppEnv } from "../appEnv.js";
import { caller } from "../caller.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { deleteImage } from "../deleteImage.js";
import { type ImageLinks, imageView, isVisible } from "../imageView.js";
import { ApiError } from "../problems.js";
import { ImageIdParamSchema, ImagePageSchema, ImageSchema, ListQuerySchema } from "../schemas.js";
import { bearer, problemResponses } from "./problemResponses.js";

const listImages = createRoute({
  method: "get",
  path: "/images",
  summary: "List the caller's images, newest first",
  security: bearer(API_SCOPES.read),
  request: { query: ListQuerySchema },
  responses: {
    200: {
      description: "One page of images",
      content: { "application/json": { schema: ImagePageSchema } },
    },
    ...problemResponses(400),
  },
});

const getImage = createRoute({
  method: "get",
  path: "/images/{id}",
  summary: "One image, with its variants or its failure reason",
  security: bearer(API_SCOPES.read),
  request: { params: ImageIdParamSchema },
  responses: {
    200: { description: "The image", content: { "application/json": { schema: ImageSchema } } },
    ...problemResponses(400, 404),
  },
});

const removeImage = createRoute({
  method: "delete",
  path: "/images/{id}",
  summary: "Delete an image: its original (all versions), every variant and its row",
  description: "Idempotent: deleting an image that was already deleted is 204 as well.",
  security: bearer(API_SCOPES.write),
  request: { params: ImageIdParamSchema },
  responses: {
    204: { description: "Deleted" },
    ...problemResponses(400, 404, 409),
  },
});

const notFound = (id: string) => new ApiError("not_found", `No image ${id}`);

const linksOf = (deps: ApiDeps): ImageLinks => ({
  cdnUrl: deps.settings.cdnUrl,
  ...(deps.transform && { transform: deps.transform }),
  now: deps.now(),
});

/** The gallery: list, read and delete the caller's own images; anyone else's are 404. */
export function imageRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps) {
  return app
    .openapi(listImages, async (c) => {
      const { ownerId } = caller(c, API_SCOPES.read);
      const { limit, cursor } = c.req.valid("query");
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      const page = await deps.table.listNewestFirst(ownerId, limit, after);
      const links = linksOf(deps);
      return c.json(
        {
          items: page.rows.filter(isVisible).map((row) => imageView(row, links)),
          nextCursor: page.last ? encodeCursor(page.last) : null,
        },
        200,
      );
    })
    .openapi(getImage, async (c) => {
      const { ownerId } = caller(c, API_SCOPES.read);
      const { id } = c.req.valid("param");
      const row = await deps.table.get({ ownerId, imageId: id });
      if (!isVisible(row)) throw notFound(id);
      return c.json(imageView(row, linksOf(deps)), 200);
    })
    .openapi(removeImage, async (c) => {
      const { ownerId } = caller(c, API_SCOPES.write);
      const { id } = c.req.valid("param");
      const outcome = await deleteImage({ ownerId, imageId: id }, deps);
      if (outcome === "not_found") throw notFound(id);
      return c.body(null, 204);
    });
}
