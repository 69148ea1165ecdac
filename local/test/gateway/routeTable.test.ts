import { describe, expect, it } from "vitest";
import { matchRoute } from "../../src/gateway/routeTable.js";

const routes = [
  { routeKey: "GET /images" },
  { routeKey: "GET /images/{imageId}" },
  { routeKey: "ANY /images/{imageId}" },
  { routeKey: "GET /images/latest" },
  { routeKey: "GET /files/{path+}" },
  { routeKey: "$default" },
];
const keyOf = (method: string, path: string) => matchRoute(routes, method, path)?.routeKey;

describe("matchRoute, as API Gateway picks an HTTP API route", () => {
  it("prefers a literal segment over a parameter", () => {
    expect(keyOf("GET", "/images/latest")).toBe("GET /images/latest");
    expect(matchRoute(routes, "GET", "/images/abc")?.pathParameters).toEqual({ imageId: "abc" });
  });

  it("prefers a route with the method over ANY", () => {
    expect(keyOf("GET", "/images/abc")).toBe("GET /images/{imageId}");
    expect(keyOf("DELETE", "/images/abc")).toBe("ANY /images/{imageId}");
  });

  it("gives a greedy parameter the rest of the path, decoded", () => {
    expect(matchRoute(routes, "GET", "/files/a/b%20c.txt")?.pathParameters).toEqual({
      path: "a/b c.txt",
    });
  });

  it("falls back to $default, or nothing without one", () => {
    expect(keyOf("POST", "/images")).toBe("$default");
    expect(matchRoute(routes.slice(0, 2), "POST", "/images")).toBeUndefined();
  });
});
