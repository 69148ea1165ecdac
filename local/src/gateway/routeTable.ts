/**
 * HTTP API routes: `METHOD /path` keys with `{name}` parameters and a final greedy
 * `{name+}`, `ANY` for every method, and `$default` for what nothing else matches.
 * The most specific route wins, as in API Gateway.
 * See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
export interface RouteMatch<R> {
  route: R;
  routeKey: string;
  pathParameters: Record<string, string>;
}

interface ParsedRoute {
  method: string;
  segments: string[];
}

export function matchRoute<R extends { routeKey: string }>(
  routes: readonly R[],
  method: string,
  path: string,
): RouteMatch<R> | undefined {
  const segments = path.split("/").filter(Boolean);
  let best: { match: RouteMatch<R>; score: number[] } | undefined;
  for (const route of routes) {
    if (route.routeKey === "$default") continue;
    const parsed = parseRouteKey(route.routeKey);
    if (parsed.method !== "ANY" && parsed.method !== method) continue;
    const pathParameters = matchSegments(parsed.segments, segments);
    if (!pathParameters) continue;
    const score = specificity(parsed);
    if (!best || compare(score, best.score) > 0) {
      best = { match: { route, routeKey: route.routeKey, pathParameters }, score };
    }
  }
  if (best) return best.match;
  const fallback = routes.find((r) => r.routeKey === "$default");
  return fallback && { route: fallback, routeKey: "$default", pathParameters: {} };
}

function parseRouteKey(routeKey: string): ParsedRoute {
  const [method = "", path = "/"] = routeKey.split(" ");
  return { method, segments: path.split("/").filter(Boolean) };
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] ?? "";
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy) {
      if (i !== pattern.length - 1 || path.length <= i) return undefined;
      parameters[greedy[1] ?? ""] = path.slice(i).map(decodeURIComponent).join("/");
      return parameters;
    }
    const value = path[i];
    if (value === undefined) return undefined;
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name) parameters[name] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return path.length === pattern.length ? parameters : undefined;
}

/**
 * Segment by segment, a literal beats a parameter, which beats a greedy parameter; then
 * a method beats ANY.
 */
function specificity(route: ParsedRoute): number[] {
  const kinds = route.segments.map((s) => (s.endsWith("+}") ? 1 : s.startsWith("{") ? 2 : 3));
  return [...kinds, 0, route.method === "ANY" ? 0 : 1];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}
