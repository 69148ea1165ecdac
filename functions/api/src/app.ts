import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import type { ApiDeps, AppEnv } from "./appEnv.js";
import { ApiError, invalidRequest, problemResponse } from "./problems.js";
import { imageRoutes } from "./routes/images.js";
import { metaRoutes } from "./routes/meta.js";
import { transformRoutes } from "./routes/transform.js";
import { uploadRoutes } from "./routes/uploads.js";

/**
 * The API as a Hono app: one file per route group under `routes/`, each declared with
 * zod schemas that validate requests and make the OpenAPI document. Every refusal and
 * failure leaves through `problemResponse`. Runs on Lambda through `handler.ts` and
 * anywhere else through `app.request` / `app.fetch`.
 *
 * @example
 * const app = createApp(deps);
 * const response = await app.request("/health");
 */
export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(result.error, result.target);
    },
  });
  app.use(
    cors({
      origin: [...deps.settings.corsOrigins],
      allowMethods: ["GET", "POST", "DELETE"],
      allowHeaders: ["authorization", "content-type"],
      maxAge: 3600,
    }),
  );
  metaRoutes(app);
  uploadRoutes(app, deps);
  imageRoutes(app, deps);
  // Off with features.transform: no route, as on API Gateway, and none in the document.
  if (deps.transform) transformRoutes(app, deps, deps.transform.settings);
  app.notFound((c) =>
    problemResponse(c, new ApiError("not_found", `No route ${c.req.method} ${c.req.path}`)),
  );
  app.onError((error, c) => {
    if (!(error instanceof ApiError)) deps.logger.error({ err: error }, "request failed");
    return problemResponse(c, error);
  });
  return app;
}
