import { describe, expect, it } from "vitest";
import { TransformError } from "../../src/errors.js";
import { cacheControlFor } from "../../src/http/cacheControl.js";
import { problemResponse } from "../../src/http/response.js";

const NOW = Date.parse("2026-12-01T10:00:00Z");

describe("problemResponse", () => {
  it("answers a TransformError with its status as problem+json, cached briefly", () => {
    const response = problemResponse(
      new TransformError("not_found", "No processed image a/b."),
      undefined,
      NOW,
    );

    expect(response.status).toBe(404);
    expect(response.headers).toEqual({
      "content-type": "application/problem+json",
      "cache-control": "public, max-age=60",
    });
    expect(JSON.parse(Buffer.from(response.body ?? []).toString())).toEqual({
      type: "about:blank",
      title: "Not Found",
      status: 404,
      detail: "No processed image a/b.",
      code: "not_found",
    });
  });

  it("answers anything else with a 500 that is never cached and tells nothing of its cause", () => {
    const response = problemResponse(new Error("socket hang up at 10.0.0.3"), undefined, NOW);

    expect(response.status).toBe(500);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(Buffer.from(response.body ?? []).toString()).not.toContain("10.0.0.3");
  });
});

describe("cacheControlFor", () => {
  it("keeps what never changes a year, and no expiring URL past its expiry", () => {
    expect(cacheControlFor("immutable", undefined, NOW)).toBe(
      "public, max-age=31536000, immutable",
    );
    expect(cacheControlFor("immutable", NOW / 1000 + 90, NOW)).toBe("public, max-age=90");
    expect(cacheControlFor("brief", NOW / 1000 - 1, NOW)).toBe("no-store");
  });
});
