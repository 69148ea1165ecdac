import { UPLOAD_EVENT_RETRY_POLICY } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { retryDelayMs, retrySchedule } from "../../src/events/retrySchedule.js";

/** Every wait before a dead letter, for a failure that takes no time. */
function waits(schedule: ReturnType<typeof retrySchedule>): number[] {
  const delays: number[] = [];
  let age = 0;
  for (let attempt = 1; ; attempt++) {
    const delay = retryDelayMs(schedule, attempt, age);
    if (delay === undefined) return delays;
    delays.push(delay);
    age += delay;
  }
}

describe("the local bus's retry schedule", () => {
  it("follows the policy the Terraform rule declares: 10 retries, backing off from 1 s", () => {
    const schedule = retrySchedule(UPLOAD_EVENT_RETRY_POLICY);

    expect(waits(schedule)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300].map((s) => s * 1000));
    expect(schedule.maxAgeMs).toBe(60 * 60 * 1000);
  });

  it("rides out a dependency down for ten minutes without dead-lettering", () => {
    const schedule = retrySchedule(UPLOAD_EVENT_RETRY_POLICY);
    const total = waits(schedule).reduce((sum, ms) => sum + ms, 0);

    expect(total).toBeGreaterThan(10 * 60 * 1000);
  });

  it("stops retrying once the next attempt would come after the maximum event age", () => {
    const schedule = { retries: 100, firstDelayMs: 1000, maxDelayMs: 1000, maxAgeMs: 3500 };

    expect(waits(schedule)).toEqual([1000, 1000, 1000]);
  });

  it("scales every wait and the maximum age for tests, never the number of retries", () => {
    const schedule = retrySchedule(UPLOAD_EVENT_RETRY_POLICY, 0.001);

    expect(schedule).toEqual({ retries: 10, firstDelayMs: 1, maxDelayMs: 300, maxAgeMs: 3600 });
    expect(() => retrySchedule(UPLOAD_EVENT_RETRY_POLICY, 0)).toThrow(RangeError);
    expect(() => retrySchedule(UPLOAD_EVENT_RETRY_POLICY, 2)).toThrow(RangeError);
  });
});
