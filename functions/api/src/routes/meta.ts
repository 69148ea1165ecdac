import { swaggerUI } from "@hono/swagger-ui";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../appEnv.js";

const health = createRoute({
  method: "get",
  path: "/health",
  summary: "Liveness: the function answers",
  responses: {
    200: {
      description: "Alive",
      content: {
        "application/json": { schema: z.object({ status: z.literal("ok") }).openapi("Health") },
      },
    },
  },
});

/** The OpenAPI document's header; the paths come from the routes themselves. */
const DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "imgpipe API",
    version: "1.0.0",
    description:
      "Presigned uploads and the caller's gallery. Every error is an RFC 9457 problem (application/problem+json) with a stable `code`.",
  },
};

/** `/health`, `/openapi.json` (OpenAPI 3.1) and `/docs` (Swagger UI): open, no token. */
export function metaRoutes(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A JWT from the configured issuer; scopes images/read and images/write",
  });
  app.doc31("/openapi.json", (c) => ({ ...DOCUMENT, servers: [{ url: publicOrigin(c) }] }));
  app.get("/docs", swaggerUI({ url: "openapi.json", title: "imgpipe API" }));
  return app.openapi(health, (c) => c.json({ status: "ok" as const }, 200));
}

/** Where clients reached the API: API Gateway says how in `x-forwarded-proto`. */
function publicOrigin(c: Context): string {
  const url = new URL(c.req.url);
  const proto = c.req.header("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${url.host}`;
}
