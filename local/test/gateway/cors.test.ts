import { describe, expect, it } from "vitest";
import { corsHeaders } from "../../src/gateway/cors.js";

const rules = {
  allowOrigins: ["http://localhost:5173"],
  allowMethods: ["GET", "POST"],
  allowHeaders: ["authorization"],
  exposeHeaders: ["etag"],
  maxAgeSeconds: 600,
};

describe("corsHeaders", () => {
  it("allows a configured origin, and says the answer varies by origin", () => {
    expect(
      corsHeaders(rules, {
        method: "GET",
        origin: "http://localhost:5173",
        requestMethod: undefined,
      }),
    ).toEqual({
      "access-control-allow-origin": "http://localhost:5173",
      "access-control-expose-headers": "etag",
      vary: "Origin",
    });
  });

  it("answers a preflight with the allowed methods, headers and max age", () => {
    expect(
      corsHeaders(rules, {
        method: "OPTIONS",
        origin: "http://localhost:5173",
        requestMethod: "POST",
      }),
    ).toMatchObject({
      "access-control-allow-methods": "GET,POST",
      "access-control-allow-headers": "authorization",
      "access-control-max-age": "600",
    });
  });

  it("adds nothing for another origin or no origin", () => {
    expect(
      corsHeaders(rules, { method: "GET", origin: "https://evil.test", requestMethod: undefined }),
    ).toEqual({});
    expect(
      corsHeaders(rules, { method: "GET", origin: undefined, requestMethod: undefined }),
    ).toEqual({});
  });
});
