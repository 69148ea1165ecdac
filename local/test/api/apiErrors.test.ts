import { API_ROUTES, parsePipelineConfig, uploadRefusal } from "@imgpipe/core";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient } from "../support/apiClient.js";
import { jsonOf } from "../support/jsonOf.js";
import { type PipelineHarness, startPipelineHarness } from "../support/pipelineHarness.js";

const config = parsePipelineConfig(
  { environment: "test", limits: { maxUploadBytes: 100_000 } },
  "test",
);

describe("the API's refusals through the local gateway", { timeout: 180_000 }, () => {
  let pipeline: PipelineHarness;
  let alice: ApiClient;

  beforeAll(async () => {
    pipeline = await startPipelineHarness(config);
    alice = await apiClient(pipeline.cloud, "alice");
  }, 180_000);

  afterAll(() => pipeline?.stop());

  const problemOf = async (response: Response) => ({
    status: response.status,
    type: response.headers.get("content-type"),
    body: await jsonOf(response),
  });

  it.each([
    [
      "an unknown field",
      { filename: "a.jpg", contentType: "image/jpeg", bytes: 10, ownerId: "bob" },
      "ownerId",
    ],
    ["a missing size", { filename: "a.jpg", contentType: "image/jpeg" }, "bytes"],
    ["a negative size", { filename: "a.jpg", contentType: "image/jpeg", bytes: -5 }, "bytes"],
  ])("answers 400 listing the field for %s", async (_, body, field) => {
    const problem = await problemOf(await alice.call("POST", "/uploads", body));

    expect(problem).toMatchObject({ status: 400, type: "application/problem+json" });
    expect(problem.body).toMatchObject({
      code: "invalid_request",
      status: 400,
      instance: "/uploads",
    });
    expect(problem.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const response = await fetch(`${pipeline.cloud.endpoints.api}/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.token}`, "content-type": "application/json" },
      body: "{not json",
    });

    expect(await problemOf(response)).toMatchObject({
      status: 400,
      body: { code: "invalid_request" },
    });
  });

  it("answers 415 to a type that is not an accepted image, before signing anything", async () => {
    const body = { filename: "doc.pdf", contentType: "application/pdf", bytes: 1000 };

    const problem = await problemOf(await alice.call("POST", "/uploads", body));

    expect(problem).toMatchObject({ status: 415, body: { code: "unsupported_type" } });
    // The sentence the SPA shows before sending: core's uploadRefusal.
    expect(problem.body.detail).toBe(
      uploadRefusal({ contentType: "application/pdf", bytes: 1000 }, 100_000)?.message,
    );
  });

  it("answers 413 to a size over limits.maxUploadBytes", async () => {
    const body = { filename: "big.jpg", contentType: "image/jpeg", bytes: 100_001 };

    const problem = await problemOf(await alice.call("POST", "/uploads", body));

    expect(problem).toMatchObject({ status: 413, body: { code: "too_large" } });
    expect(problem.body.detail).toMatch(/^The file is \d+ KiB; the limit is \d+ KiB\.$/);
  });

  it("answers 404 for an image that does not exist, and 400 for an id that cannot be one", async () => {
    const missing = await problemOf(await alice.call("GET", "/images/01JD8X6Q7T3R9M2K5V4N8B1C0A"));
    const invalid = await problemOf(await alice.call("GET", "/images/not%20an%20id"));
    const deleteMissing = await alice.call("DELETE", "/images/01JD8X6Q7T3R9M2K5V4N8B1C0A");

    expect(missing).toMatchObject({
      status: 404,
      type: "application/problem+json",
      body: { code: "not_found" },
    });
    expect(invalid).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(deleteMissing.status).toBe(404);
  });

  it("answers 400 to a cursor it did not hand out, and to a page size out of range", async () => {
    const cursor = await problemOf(await alice.call("GET", "/images?cursor=Zm9v"));
    const limit = await problemOf(await alice.call("GET", "/images?limit=1000"));

    expect(cursor).toMatchObject({ status: 400, body: { invalidParams: [{ name: "cursor" }] } });
    expect(limit).toMatchObject({ status: 400, body: { invalidParams: [{ name: "limit" }] } });
  });

  it("lets API Gateway's JWT authorizer refuse a missing token (401) and a missing scope (403)", async () => {
    const reader = await apiClient(pipeline.cloud, "alice", ["images/read"]);

    const anonymous = await fetch(`${pipeline.cloud.endpoints.api}/images`);
    const unscoped = await reader.call("POST", "/uploads", {
      filename: "a.jpg",
      contentType: "image/jpeg",
      bytes: 1,
    });

    expect(anonymous.status).toBe(401);
    expect(unscoped.status).toBe(403);
  });

  it("answers malformed paths with 400, on the API and on the CDN, never 500", async () => {
    const { api, cdn } = pipeline.cloud.endpoints;

    const responses = await Promise.all([
      fetch(`${cdn}/images/alice/x%00.jpg`),
      fetch(`${cdn}/images/alice/%E0%A4%A.jpg`),
      fetch(`${cdn}/%ZZ`),
      fetch(`${api}/images/%E0%A4%A`, { headers: { authorization: `Bearer ${alice.token}` } }),
    ]);

    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect((await fetch(`${cdn}/images/alice/${"x".repeat(2000)}.jpg`)).status).toBe(404);
  });

  it("serves /health, /openapi.json and /docs without a token; the document validates", async () => {
    const { api } = pipeline.cloud.endpoints;

    const health = await fetch(`${api}/health`);
    const document = await jsonOf(await fetch(`${api}/openapi.json`));
    const docs = await fetch(`${api}/docs`);

    expect(await jsonOf(health)).toEqual({ status: "ok" });
    expect(await new Validator().validate(document)).toMatchObject({ valid: true });
    expect(document.servers).toEqual([{ url: api }]);
    for (const route of API_ROUTES.filter((r) => r.scope)) {
      expect(document.paths[route.path]).toHaveProperty(route.method.toLowerCase());
    }
    expect(docs.status).toBe(200);
  });
});
