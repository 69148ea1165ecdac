import { describe, expect, it } from "vitest";
import { stringifyClaims, toApiGatewayV2Event } from "../../src/gateway/apiEvent.js";
import type { HttpRequest } from "../../src/gateway/http.js";

const context = {
  routeKey: "POST /uploads",
  pathParameters: {},
  accountId: "000000000000",
  apiId: "local",
  domainName: "127.0.0.1:4572",
  requestId: "req-1",
  now: new Date("2026-11-21T10:00:00Z"),
};

function request(overrides: Partial<HttpRequest>): HttpRequest {
  return {
    method: "POST",
    path: "/uploads",
    query: "",
    headers: {},
    body: Buffer.alloc(0),
    sourceIp: "127.0.0.1",
    ...overrides,
  };
}

describe("toApiGatewayV2Event", () => {
  it("passes a JSON body as text and a binary body as base64", () => {
    const json = toApiGatewayV2Event(
      request({ headers: { "content-type": "application/json" }, body: Buffer.from('{"a":1}') }),
      context,
    );
    const binary = toApiGatewayV2Event(
      request({ headers: { "content-type": "image/jpeg" }, body: Buffer.from([0xff, 0xd8]) }),
      context,
    );

    expect(json).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    expect(binary).toMatchObject({ body: "/9g=", isBase64Encoded: true });
  });

  it("leaves out what the request does not have", () => {
    const event = toApiGatewayV2Event(request({}), context);

    expect(event).not.toHaveProperty("body");
    expect(event).not.toHaveProperty("cookies");
    expect(event).not.toHaveProperty("queryStringParameters");
    expect(event).not.toHaveProperty("pathParameters");
    expect(event.requestContext).toMatchObject({
      time: "21/Nov/2026:10:00:00 +0000",
      timeEpoch: Date.parse("2026-11-21T10:00:00Z"),
      domainPrefix: "127",
    });
  });

  it("joins repeated headers with commas", () => {
    const event = toApiGatewayV2Event(request({ headers: { "x-tags": ["a", "b"] } }), context);
    expect(event.headers["x-tags"]).toBe("a,b");
  });

  it("says how the client came in, as API Gateway's x-forwarded-* headers do", () => {
    const event = toApiGatewayV2Event(
      request({ headers: { host: "127.0.0.1:4572", "x-forwarded-for": "10.0.0.1" } }),
      context,
    );

    expect(event.headers).toMatchObject({
      "x-forwarded-for": `10.0.0.1, ${event.requestContext.http.sourceIp}`,
      "x-forwarded-proto": "http",
      "x-forwarded-port": "4572",
    });
  });
});

describe("stringifyClaims", () => {
  it("turns every claim into a string as the JWT authorizer does", () => {
    expect(
      stringifyClaims({ sub: "alice", exp: 1700000000, groups: ["a", "b"], ok: true }),
    ).toEqual({
      sub: "alice",
      exp: "1700000000",
      groups: "[a b]",
      ok: "true",
    });
  });
});
