import type { UploadEventRetryPolicy } from "@imgpipe/core";

/** When the local bus retries a failed invocation, in milliseconds. */
export interface RetrySchedule {
  retries: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** No retry starts later than this after the first attempt. */
  maxAgeMs: number;
}

/**
 * EventBridge backs off exponentially without saying by how much; the local bus starts
 * at one second, doubles, and waits at most five minutes between attempts.
 */
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5 * 60_000;

/**
 * The local bus's schedule for a rule's retry policy. `timeScale` below 1 shortens every
 * wait and the maximum age alike, for tests; the number of retries stays the policy's.
 *
 * @example
 * retrySchedule(UPLOAD_EVENT_RETRY_POLICY); // 10 retries, 1 s, 2 s, 4 s … within an hour
 */
export function retrySchedule(policy: UploadEventRetryPolicy, timeScale = 1): RetrySchedule {
  if (!(timeScale > 0 && timeScale <= 1)) {
    throw new RangeError(`The retry time scale must be in (0, 1], got ${timeScale}`);
  }
  return {
    retries: policy.maximumRetryAttempts,
    firstDelayMs: FIRST_DELAY_MS * timeScale,
    maxDelayMs: MAX_DELAY_MS * timeScale,
    maxAgeMs: policy.maximumEventAgeSeconds * 1000 * timeScale,
  };
}

/**
 * How long to wait before the next attempt, after `attempt` attempts failed and `ageMs`
 * after the first one; undefined when the policy allows no more: dead-letter the event.
 */
export function retryDelayMs(
  schedule: RetrySchedule,
  attempt: number,
  ageMs: number,
): number | undefined {
  if (attempt > schedule.retries) return undefined;
  const delay = Math.min(schedule.firstDelayMs * 2 ** (attempt - 1), schedule.maxDelayMs);
  return ageMs + delay > schedule.maxAgeMs ? undefined : delay;
}
