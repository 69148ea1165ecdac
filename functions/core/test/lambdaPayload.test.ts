import { describe, expect, it } from "vitest";
import {
  LAMBDA_MAX_REQUEST_BYTES,
  LAMBDA_MAX_RESPONSE_BYTES,
  maxBinaryBodyBytes,
  maxOneOffTransformBytes,
  PAYLOAD_ENVELOPE_BYTES,
} from "../src/index.js";

describe("what fits through API Gateway and Lambda", () => {
  it("leaves a body whose base64 and envelope fill a Lambda request at most", () => {
    const body = maxBinaryBodyBytes(LAMBDA_MAX_REQUEST_BYTES);

    const event = Buffer.alloc(body).toString("base64").length + PAYLOAD_ENVELOPE_BYTES;

    expect(body).toBe(4_669_440);
    expect(event).toBeLessThanOrEqual(LAMBDA_MAX_REQUEST_BYTES);
    expect(
      Buffer.alloc(body + 3).toString("base64").length + PAYLOAD_ENVELOPE_BYTES,
    ).toBeGreaterThan(LAMBDA_MAX_REQUEST_BYTES);
    expect(maxBinaryBodyBytes(LAMBDA_MAX_RESPONSE_BYTES)).toBe(4_669_515);
  });

  it("takes the smaller of limits.maxUploadBytes and what fits for POST /transform", () => {
    expect(maxOneOffTransformBytes({ maxUploadBytes: 25 * 1024 * 1024 })).toBe(4_661_248);
    expect(maxOneOffTransformBytes({ maxUploadBytes: 1_000_000 })).toBe(1_000_000);
  });
});
