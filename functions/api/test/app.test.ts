import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { API_ROUTES } from "@imgpipe/core";
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeEach, describe, expect, it } from "vitest";
import { testApp, verifiedCaller } from "./testApp.js";

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
// biome-ignore lint/suspicious/noExplicitAny: assertions walk arbitrary JSON
const jsonOf = (response: Response): Promise<any> => response.json();
const photo = { filename: "beach.jpg", contentType: "image/jpeg", bytes: 1000 };

describe("the API app, without Lambda", () => {
  let t: ReturnType<typeof testApp>;

  beforeEach(() => {
    t = testApp();
  });

  it("answers 401 problem+json when no verified subject reaches it", async () => {
    const response = await t.app.request("/images", {}, verifiedCaller(undefined));

    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect(await response.json()).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("answers 403 when the token lacks the route's scope", async () => {
    const readOnly = verifiedCaller("alice", ["images/read"]);

    const response = await t.app.request("/uploads", json(photo), readOnly);

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      code: "forbidden",
      detail: "This needs a token with the scope images/write",
    });
  });

  it("lists every invalid field of a body, unknown fields included, before touching anything", async () => {
    const response = await t.app.request(
      "/uploads",
      json({ filename: "", bytes: -1, owner: "bob" }),
      verifiedCaller("alice"),
    );

    expect(response.status).toBe(400);
    const problem = await jsonOf(response);
    expect(problem.code).toBe("invalid_request");
    expect(problem.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual([
      "bytes",
      "contentType",
      "filename",
      "owner",
    ]);
    expect(t.mocks.dynamo.calls()).toHaveLength(0);
  });

  it.each(["image/heic", "image/heif"])(
    "signs an upload of an iPhone photo declared %s, pinning that type",
    async (contentType) => {
      const iphonePhoto = { filename: "IMG_0001.HEIC", contentType, bytes: 2_000_000 };

      const response = await t.app.request("/uploads", json(iphonePhoto), verifiedCaller("alice"));

      expect(response.status).toBe(201);
      expect((await jsonOf(response)).upload.fields["Content-Type"]).toBe(contentType);
    },
  );

  it("answers 409 when the image id is taken already, and signs nothing", async () => {
    t.mocks.dynamo
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: "taken", $metadata: {} }));

    const response = await t.app.request("/uploads", json(photo), verifiedCaller("alice"));

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "conflict" });
  });

  it("answers 429 with Retry-After when DynamoDB throttles", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), {
      name: "ThrottlingException",
      $retryable: { throttling: true },
    });
    t.mocks.dynamo.on(GetCommand).rejects(throttled);

    const response = await t.app.request("/images/abc", {}, verifiedCaller("alice"));

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({ code: "throttled" });
  });

  it("answers 500 without internals when something unexpected fails", async () => {
    t.mocks.dynamo.on(GetCommand).rejects(new Error("socket hang up at 10.0.0.7"));

    const response = await t.app.request("/images/abc", {}, verifiedCaller("alice"));

    expect(response.status).toBe(500);
    const problem = await jsonOf(response);
    expect(problem.code).toBe("internal");
    expect(JSON.stringify(problem)).not.toContain("10.0.0.7");
  });

  describe("POST /transform, as the function guards it", () => {
    const form = () => {
      const body = new FormData();
      body.append("file", new Blob([new Uint8Array(16)]), "a.jpg");
      return { method: "POST", body };
    };

    it("answers 401 and 403 problem+json wherever the app runs without API Gateway", async () => {
      const anonymous = await t.app.request("/transform", form(), verifiedCaller(undefined));
      const reader = await t.app.request(
        "/transform",
        form(),
        verifiedCaller("alice", ["images/read"]),
      );

      expect(anonymous.status).toBe(401);
      expect(await jsonOf(anonymous)).toMatchObject({ code: "unauthorized" });
      expect(reader.status).toBe(403);
      expect(await jsonOf(reader)).toMatchObject({
        code: "forbidden",
        detail: "This needs a token with the scope images/write",
      });
    });

    it("has no such route, nor in its document, when features.transform is off", async () => {
      const off = testApp({ transformEnabled: false });

      const response = await off.app.request("/transform", form(), verifiedCaller("alice"));
      const document = await jsonOf(await off.app.request("/openapi.json"));

      expect(response.status).toBe(404);
      expect(await jsonOf(response)).toMatchObject({ code: "not_found" });
      expect(Object.keys(document.paths)).not.toContain("/transform");
    });
  });

  it("answers unknown routes with a 404 problem", async () => {
    const response = await t.app.request("/nope", {}, verifiedCaller("alice"));

    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it("allows CORS for the configured origins only", async () => {
    const from = (origin: string) =>
      t.app.request("/health", { headers: { origin } }, verifiedCaller(undefined));

    expect((await from("https://app.example.com")).headers.get("access-control-allow-origin")).toBe(
      "https://app.example.com",
    );
    expect(
      (await from("https://evil.example")).headers.get("access-control-allow-origin"),
    ).toBeNull();
  });

  it("publishes a valid OpenAPI 3.1 document of every route, with their scopes", async () => {
    const response = await t.app.request("/openapi.json");
    const document = await jsonOf(response);

    const validation = await new Validator().validate(document);

    expect(validation).toMatchObject({ valid: true });
    expect(document.openapi).toBe("3.1.0");
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const declared = API_ROUTES.filter((r) => !["/openapi.json", "/docs"].includes(r.path));
    expect(documented.sort()).toEqual(declared.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of declared) {
      const operation = document.paths[route.path][route.method.toLowerCase()];
      expect(operation.security ?? []).toEqual(route.scope ? [{ bearer: [route.scope] }] : []);
    }
  });

  it("declares the responsive transform URLs of an image in the OpenAPI document", async () => {
    const document = await jsonOf(await t.app.request("/openapi.json"));

    const image = document.components.schemas.Image;
    const responsive = document.components.schemas.Responsive;

    expect(image.properties.responsive).toBeDefined();
    expect(image.required).not.toContain("responsive");
    expect(responsive.required.sort()).toEqual(["candidates", "revision", "src", "srcset"]);
  });

  it("serves API docs that read the generated document", async () => {
    const response = await t.app.request("/docs");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("openapi.json");
  });
});
