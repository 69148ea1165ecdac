/** The OAuth scopes of the HTTP API: reading the gallery, and changing it. */
export const API_SCOPES = { read: "images/read", write: "images/write" } as const;
export type ApiScope = (typeof API_SCOPES)[keyof typeof API_SCOPES];

/** One route of the HTTP API, in API Gateway's syntax (`/images/{id}`). */
export interface ApiRouteSpec {
  method: "GET" | "POST" | "DELETE";
  path: string;
  /** The scope a token needs; undefined: the route is open (no authorizer). */
  scope: ApiScope | undefined;
}

/** The route of one-off conversions, on the API only with `features.transform`. */
export const ONE_OFF_TRANSFORM_PATH = "/transform";

/**
 * Every route of the HTTP API. The Terraform routes, the local gateway's route table and
 * the API function's own router all follow this list (through {@link apiRoutesFor}); a
 * test checks the OpenAPI document against it.
 */
export const API_ROUTES: readonly ApiRouteSpec[] = [
  { method: "GET", path: "/health", scope: undefined },
  { method: "GET", path: "/openapi.json", scope: undefined },
  { method: "GET", path: "/docs", scope: undefined },
  { method: "POST", path: "/uploads", scope: API_SCOPES.write },
  { method: "GET", path: "/images", scope: API_SCOPES.read },
  { method: "GET", path: "/images/{id}", scope: API_SCOPES.read },
  { method: "DELETE", path: "/images/{id}", scope: API_SCOPES.write },
  // A conversion is an upload the caller makes: the write scope, though nothing is stored.
  { method: "POST", path: ONE_OFF_TRANSFORM_PATH, scope: API_SCOPES.write },
];

/**
 * The routes a deployment has: every route of {@link API_ROUTES}, but `POST /transform`
 * only with `features.transform`. Terraform and the local gateway route exactly these.
 */
export function apiRoutesFor(features: { transform: boolean }): readonly ApiRouteSpec[] {
  return API_ROUTES.filter((route) => features.transform || route.path !== ONE_OFF_TRANSFORM_PATH);
}

/** The route key API Gateway uses: `GET /images/{id}`. */
export function apiRouteKey(route: Pick<ApiRouteSpec, "method" | "path">): string {
  return `${route.method} ${route.path}`;
}
