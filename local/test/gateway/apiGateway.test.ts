import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { LAMBDA_MAX_REQUEST_BYTES, maxBinaryBodyBytes } from "@imgpipe/core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiRoute } from "../../src/gateway/apiGateway.js";
import { type LocalGateway, startLocalGateway } from "../../src/gateway/startLocalGateway.js";
import type { LocalLambda } from "../../src/lambda/localLambda.js";
import { jsonOf } from "../support/jsonOf.js";
import { tempDir } from "../support/tempDir.js";
import { testLambda } from "../support/testLambda.js";

// A small API function: echoes what API Gateway gave it, or answers in the shape asked.
const BUNDLE = `
export async function handler(event) {
  const body = event.body && !event.isBase64Encoded ? JSON.parse(event.body) : {};
  if (event.rawPath === "/shorthand") return { hello: "world" };
  if (event.rawPath === "/binary") {
    return { statusCode: 201, headers: { "Content-Type": "image/png" }, cookies: ["a=1", "b=2; Path=/"],
      body: Buffer.from([137, 80, 78, 71]).toString("base64"), isBase64Encoded: true };
  }
  if (event.rawPath === "/crash") throw new Error("boom");
  if (event.rawPath === "/echo") {
    return { statusCode: 200, headers: { "content-type": "application/octet-stream", "x-was-base64": String(event.isBase64Encoded) },
      body: event.body, isBase64Encoded: event.isBase64Encoded };
  }
  if (event.rawPath === "/large") return { statusCode: 200, body: "x".repeat(6 * 1024 * 1024 + 100) };
  return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ event, body }) };
}
`;

describe("the local API Gateway and its JWT authorizer", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let gateway: LocalGateway;
  let lambda: LocalLambda;

  beforeAll(async () => {
    data = await tempDir("api");
    await writeFile(join(data.path, "api.mjs"), BUNDLE);
    lambda = testLambda("test-api", join(data.path, "api.mjs"));
    const routes: ApiRoute[] = [
      { routeKey: "GET /public/{name}", target: lambda },
      { routeKey: "GET /shorthand", target: lambda },
      { routeKey: "GET /binary", target: lambda },
      { routeKey: "GET /crash", target: lambda },
      { routeKey: "POST /echo", target: lambda },
      { routeKey: "GET /large", target: lambda },
      { routeKey: "ANY /me/{proxy+}", target: lambda, authorization: {} },
      { routeKey: "POST /uploads", target: lambda, authorization: { scopes: ["images/write"] } },
    ];
    gateway = await startLocalGateway({
      ports: { api: 0, cdn: 0 },
      dataDir: data.path,
      audience: "imgpipe-test-api",
      routes: () => routes,
      transform: undefined,
      spaDir: undefined,
      s3: new S3Client({ region: "us-east-1" }),
      processedBucket: "unused",
      corsOrigins: ["http://localhost:5173"],
      control: async () => ({ status: 404, headers: {} }),
      logger: pino({ level: "silent" }),
    });
  });
  afterAll(async () => {
    await gateway.stop();
    await lambda.stop();
    await data.remove();
  });

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${gateway.apiEndpoint}${path}`, init);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it("builds the payload 2.0 event: route, path parameters, query, cookies, headers", async () => {
    const response = await call("/public/hello%20world?a=1&a=2&b=x", {
      headers: { cookie: "session=abc; theme=dark", "x-custom": "yes" },
    });

    expect(response.status).toBe(200);
    const { event } = await jsonOf(response);
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "GET /public/{name}",
      rawPath: "/public/hello%20world",
      rawQueryString: "a=1&a=2&b=x",
      cookies: ["session=abc", "theme=dark"],
      queryStringParameters: { a: "1,2", b: "x" },
      pathParameters: { name: "hello world" },
      isBase64Encoded: false,
      requestContext: {
        http: { method: "GET", path: "/public/hello world", protocol: "HTTP/1.1" },
        routeKey: "GET /public/{name}",
        stage: "$default",
      },
    });
    expect(event.headers["x-custom"]).toBe("yes");
    expect(event.headers).not.toHaveProperty("cookie");
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(response.headers.get("apigw-requestid")).toBe(event.requestContext.requestId);
  });

  it("answers 404 for a route that does not exist", async () => {
    const response = await call("/nowhere");
    expect(response.status).toBe(404);
    expect(await jsonOf(response)).toEqual({ message: "Not Found" });
  });

  it("turns the bare-object shorthand into a 200 JSON response", async () => {
    const response = await call("/shorthand");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await jsonOf(response)).toEqual({ hello: "world" });
  });

  it("maps statusCode, headers, cookies and a base64 body back to HTTP", async () => {
    const response = await call("/binary");
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2; Path=/"]);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([137, 80, 78, 71]);
  });

  describe("bodies, as API Gateway and Lambda bound them", () => {
    const bytes = (size: number) => {
      const buffer = Buffer.alloc(size);
      for (let i = 0; i < size; i++) buffer[i] = (i * 7) % 256;
      return buffer;
    };
    const post = (body: Uint8Array) =>
      call("/echo", {
        method: "POST",
        body,
        headers: { "content-type": "application/octet-stream" },
      });

    it("passes a binary multipart body base64-encoded and answers a base64 result as the bytes", async () => {
      const file = bytes(300_000);
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(file)], { type: "image/jpeg" }), "photo.jpg");
      const sent = Buffer.from(await new Response(form).arrayBuffer());

      const response = await call("/echo", {
        method: "POST",
        body: new Uint8Array(sent),
        headers: { "content-type": new Response(form).headers.get("content-type") ?? "" },
      });

      expect(response.status).toBe(200);
      expect(response.headers.get("x-was-base64")).toBe("true");
      expect(Buffer.from(await response.arrayBuffer()).includes(file)).toBe(true);
    });

    it("refuses a body over 10 MiB with 413 before calling the function", async () => {
      const response = await post(new Uint8Array(10 * 1024 * 1024 + 1));

      expect(response.status).toBe(413);
      expect(await response.text()).toContain("10485760");
    });

    it("answers 413 when the base64 body makes the event pass Lambda's 6 MiB", async () => {
      // 4.8 MB of binary is 6.4 MB of base64: under API Gateway's limit, over Lambda's.
      const response = await post(new Uint8Array(bytes(4_800_000)));

      expect(response.status).toBe(413);
      expect(await jsonOf(response)).toEqual({ message: "Request Too Long" });
    });

    it("passes the largest binary body that fits in the event", async () => {
      const body = bytes(maxBinaryBodyBytes(LAMBDA_MAX_REQUEST_BYTES));

      const response = await post(new Uint8Array(body));

      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
    });

    it("answers 500 when the function's result passes Lambda's 6 MiB response limit", async () => {
      const response = await call("/large");

      expect(response.status).toBe(500);
      expect(await jsonOf(response)).toEqual({ message: "Internal Server Error" });
    });
  });

  it("answers 500 Internal Server Error when the function throws", async () => {
    const response = await call("/crash");
    expect(response.status).toBe(500);
    expect(await jsonOf(response)).toEqual({ message: "Internal Server Error" });
  });

  it("passes a valid token's claims and scopes to the function as the authorizer does", async () => {
    const { token } = await gateway.issuer.mint({
      subject: "alice",
      scopes: ["images/read", "images/write"],
      claims: { email: "alice@example.test", groups: ["a", "b"] },
    });

    const response = await call("/me/albums/1", { headers: bearer(token) });

    expect(response.status).toBe(200);
    const { event } = await jsonOf(response);
    expect(event.requestContext.authorizer.jwt.scopes).toEqual(["images/read", "images/write"]);
    expect(event.requestContext.authorizer.jwt.claims).toMatchObject({
      sub: "alice",
      email: "alice@example.test",
      groups: "[a b]",
      aud: "imgpipe-test-api",
      iss: gateway.issuer.issuer,
      exp: expect.stringMatching(/^\d+$/),
    });
    expect(event.pathParameters).toEqual({ proxy: "albums/1" });
  });

  it("refuses a request without a token, and a malformed header, with 401", async () => {
    for (const headers of [{}, { authorization: "Basic YWxpY2U6cw==" }, bearer("not.a.jwt")]) {
      const response = await call("/me/x", { headers });
      expect(response.status).toBe(401);
      expect(await jsonOf(response)).toEqual({ message: "Unauthorized" });
    }
  });

  it("refuses an expired token, a wrong audience and a wrong issuer with 401", async () => {
    const expired = await gateway.issuer.mint({ subject: "alice", expiresInSeconds: -60 });
    const otherAudience = await gateway.issuer.mint({ subject: "alice", audience: "someone-else" });
    const otherIssuer = await gateway.issuer.mint({
      subject: "alice",
      issuer: "https://issuer.example.test",
    });

    for (const { token } of [expired, otherAudience, otherIssuer]) {
      const response = await call("/me/x", { headers: bearer(token) });
      expect(response.status).toBe(401);
    }
  });

  it("refuses a valid token without the route's scope with 403", async () => {
    const reader = await gateway.issuer.mint({ subject: "bob", scopes: ["images/read"] });
    const writer = await gateway.issuer.mint({ subject: "bob", scopes: ["images/write"] });

    const refused = await call("/uploads", { method: "POST", headers: bearer(reader.token) });
    const allowed = await call("/uploads", {
      method: "POST",
      headers: { ...bearer(writer.token), "content-type": "application/json" },
      body: JSON.stringify({ fileName: "a.jpg" }),
    });

    expect(refused.status).toBe(403);
    expect(await jsonOf(refused)).toEqual({ message: "Forbidden" });
    expect(allowed.status).toBe(200);
    expect((await jsonOf(allowed)).body).toEqual({ fileName: "a.jpg" });
  });

  it("serves the issuer's discovery document and JWKS, and mints tokens over HTTP", async () => {
    const discovery = await jsonOf(await call("/_local/issuer/.well-known/openid-configuration"));
    const jwks = await jsonOf(await fetch(discovery.jwks_uri));
    const minted = await call("/_local/issuer/token", {
      method: "POST",
      body: JSON.stringify({ user: "carol" }),
    });

    expect(discovery.issuer).toBe(gateway.issuer.issuer);
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: "RSA", alg: "RS256", use: "sig" })]);
    const { token } = await jsonOf(minted);
    expect((await call("/me/x", { headers: bearer(token) })).status).toBe(200);
  });

  it("answers CORS preflights for the configured origins only", async () => {
    const preflight = (origin: string) =>
      call("/uploads", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });

    const allowed = await preflight("http://localhost:5173");
    const other = await preflight("https://evil.example.test");

    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
