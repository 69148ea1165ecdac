import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_POLICY,
  parseRetryPolicy,
  retryDelays,
} from "../../src/sns/deliveryPolicy.js";

describe("SNS delivery policies", () => {
  it("uses SNS's HTTP default: three retries 20 seconds apart", () => {
    expect(retryDelays(DEFAULT_RETRY_POLICY)).toEqual([20, 20, 20]);
  });

  it("reads a subscription's healthyRetryPolicy and a topic's default one", () => {
    const own = parseRetryPolicy(
      JSON.stringify({
        healthyRetryPolicy: { numRetries: 2, minDelayTarget: 1, maxDelayTarget: 1 },
      }),
    );
    expect(own && retryDelays(own)).toEqual([1, 1]);
    const topic = parseRetryPolicy(
      JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 1 } } }),
    );
    expect(topic?.numRetries).toBe(1);
    expect(parseRetryPolicy(JSON.stringify({ throttlePolicy: {} }))).toBeUndefined();
  });

  it("runs the phases in order: no delay, minimum, backoff, maximum", () => {
    const policy = {
      ...DEFAULT_RETRY_POLICY,
      numRetries: 8,
      numNoDelayRetries: 1,
      numMinDelayRetries: 2,
      numMaxDelayRetries: 1,
      minDelayTarget: 2,
      maxDelayTarget: 10,
    };
    expect(retryDelays(policy)).toEqual([0, 2, 2, 2, 5, 7, 10, 10]);
  });

  it("grows the delays faster with exponential backoff than with linear", () => {
    const base = { ...DEFAULT_RETRY_POLICY, numRetries: 5, minDelayTarget: 1, maxDelayTarget: 60 };
    const linear = retryDelays({ ...base, backoffFunction: "linear" });
    const exponential = retryDelays({ ...base, backoffFunction: "exponential" });
    expect(linear[0]).toBe(1);
    expect(linear.at(-1)).toBe(60);
    expect(exponential[2]).toBeLessThan(linear[2] ?? 0);
    expect(exponential.at(-1)).toBe(60);
  });

  it("refuses impossible policies with InvalidParameter", () => {
    for (const bad of [
      { healthyRetryPolicy: { minDelayTarget: 0 } },
      { healthyRetryPolicy: { minDelayTarget: 5, maxDelayTarget: 2 } },
      { healthyRetryPolicy: { numRetries: -1 } },
      { healthyRetryPolicy: { backoffFunction: "random" } },
    ]) {
      expect(() => parseRetryPolicy(JSON.stringify(bad))).toThrow(
        expect.objectContaining({ code: "InvalidParameter" }),
      );
    }
  });
});
