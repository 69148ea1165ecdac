import { SnsApiError } from "../errors.js";

/**
 * SNS HTTP/S delivery retry policies. A subscription's `DeliveryPolicy` holds a
 * `healthyRetryPolicy`; a topic's holds `http.defaultHealthyRetryPolicy`. Delays are in
 * seconds, as in SNS.
 * See https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html
 */
export interface RetryPolicy {
  numRetries: number;
  numNoDelayRetries: number;
  minDelayTarget: number;
  maxDelayTarget: number;
  numMinDelayRetries: number;
  numMaxDelayRetries: number;
  backoffFunction: "linear" | "arithmetic" | "geometric" | "exponential";
}

/** What SNS uses for HTTP/S endpoints when no policy is set. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  numRetries: 3,
  numNoDelayRetries: 0,
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numMinDelayRetries: 0,
  numMaxDelayRetries: 0,
  backoffFunction: "linear",
};

const BACKOFF_FUNCTIONS = ["linear", "arithmetic", "geometric", "exponential"] as const;

/**
 * Reads the retry policy out of a subscription's or a topic's `DeliveryPolicy`, filling
 * in SNS's defaults. Undefined when the policy sets none.
 *
 * @throws SnsApiError `InvalidParameter`
 */
export function parseRetryPolicy(json: string): RetryPolicy | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw invalid("it is not JSON", error);
  }
  const policy = (raw?.healthyRetryPolicy ??
    (raw?.http as Record<string, unknown> | undefined)?.defaultHealthyRetryPolicy) as
    | Record<string, unknown>
    | undefined;
  if (policy === undefined) return undefined;
  const merged = { ...DEFAULT_RETRY_POLICY, ...policy } as RetryPolicy;
  const counts = [
    merged.numRetries,
    merged.numNoDelayRetries,
    merged.numMinDelayRetries,
    merged.numMaxDelayRetries,
  ];
  if (!counts.every((n) => Number.isInteger(n) && n >= 0 && n <= 100)) {
    throw invalid("retry counts must be whole numbers from 0 to 100");
  }
  if (!(merged.minDelayTarget >= 1 && merged.maxDelayTarget >= merged.minDelayTarget)) {
    throw invalid("delays need 1 <= minDelayTarget <= maxDelayTarget");
  }
  if (!BACKOFF_FUNCTIONS.includes(merged.backoffFunction)) {
    throw invalid(`backoffFunction must be one of ${BACKOFF_FUNCTIONS.join(", ")}`);
  }
  return merged;
}

/**
 * The delay in seconds before each retry: the no-delay retries, the retries at the
 * minimum delay, the backoff phase from minimum to maximum, then the retries at the
 * maximum. The backoff curves follow the shapes SNS documents.
 */
export function retryDelays(policy: RetryPolicy): number[] {
  const { numRetries, minDelayTarget: min, maxDelayTarget: max } = policy;
  const noDelay = Math.min(policy.numNoDelayRetries, numRetries);
  const minDelay = Math.min(policy.numMinDelayRetries, numRetries - noDelay);
  const maxDelay = Math.min(policy.numMaxDelayRetries, numRetries - noDelay - minDelay);
  const backoff = numRetries - noDelay - minDelay - maxDelay;
  const curve = Array.from({ length: backoff }, (_, i) =>
    backoffDelay(policy.backoffFunction, min, max, backoff === 1 ? 1 : i / (backoff - 1)),
  );
  return [
    ...Array<number>(noDelay).fill(0),
    ...Array<number>(minDelay).fill(min),
    ...curve,
    ...Array<number>(maxDelay).fill(max),
  ];
}

/** A delay at position `t` (0 to 1) of the backoff phase. */
function backoffDelay(fn: RetryPolicy["backoffFunction"], min: number, max: number, t: number) {
  const shape = {
    linear: t,
    arithmetic: t * t,
    geometric: t ** 3,
    exponential: (2 ** (10 * t) - 1) / (2 ** 10 - 1),
  }[fn];
  return Math.round(min + (max - min) * shape);
}

function invalid(reason: string, cause?: unknown): SnsApiError {
  return new SnsApiError("InvalidParameter", `Invalid parameter: DeliveryPolicy: ${reason}`, 400, {
    cause,
  });
}
