import { describe, expect, it } from "vitest";
import { fromApiGatewayV2Result } from "../../src/gateway/apiResult.js";

describe("fromApiGatewayV2Result", () => {
  it("treats a result without statusCode as the JSON body of a 200", () => {
    expect(fromApiGatewayV2Result({ ok: true })).toEqual({
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"ok":true}',
    });
    expect(fromApiGatewayV2Result("hello").body).toBe("hello");
  });

  it("uses statusCode, lower-cased headers, multi-value headers and cookies", () => {
    const response = fromApiGatewayV2Result({
      statusCode: 302,
      headers: { Location: "/elsewhere", "X-Count": 3 },
      multiValueHeaders: { "X-Tags": ["a", "b"] },
      cookies: ["id=1; HttpOnly"],
    });
    expect(response).toEqual({
      status: 302,
      headers: {
        location: "/elsewhere",
        "x-count": "3",
        "x-tags": "a,b",
        "set-cookie": ["id=1; HttpOnly"],
      },
      body: "",
    });
  });

  it("decodes a base64 body", () => {
    const response = fromApiGatewayV2Result({
      statusCode: 200,
      body: Buffer.from([1, 2, 3]).toString("base64"),
      isBase64Encoded: true,
    });
    expect(response.body).toEqual(Buffer.from([1, 2, 3]));
  });
});
