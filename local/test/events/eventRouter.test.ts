import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActivityLog } from "../../src/activity/activityLog.js";
import { EventRouter, type EventTarget, type RoutedEvent } from "../../src/events/eventRouter.js";
import type { RetrySchedule } from "../../src/events/retrySchedule.js";
import { DeliveryJournal } from "../../src/journal/deliveryJournal.js";
import { tempDir } from "../support/tempDir.js";
import { testLambda } from "../support/testLambda.js";

const event = {
  id: "e-1",
  source: "aws.s3",
  "detail-type": "Object Created",
  detail: { bucket: { name: "uploads" }, object: { key: "uploads/a/b/c.jpg" } },
};
const pattern = { source: ["aws.s3"], "detail-type": ["Object Created"] };
const schedule: RetrySchedule = {
  retries: 2,
  firstDelayMs: 20,
  maxDelayMs: 1000,
  maxAgeMs: 60_000,
};

describe("EventRouter, the local EventBridge bus", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let bundle: string;
  beforeAll(async () => {
    data = await tempDir("router");
    bundle = join(data.path, "slow.mjs");
    await writeFile(
      bundle,
      "export const handler = () => new Promise((done) => setTimeout(done, 300));\n",
    );
  });
  afterAll(() => data.remove());

  async function router(name: string, invoke: EventTarget["invoke"], retry = schedule) {
    const activity = await ActivityLog.open(`${data.path}/${name}/activity.jsonl`);
    const journal = await DeliveryJournal.open<RoutedEvent>(`${data.path}/${name}/journal.jsonl`);
    const bus = new EventRouter(
      [{ name: "new-upload", pattern, target: { name: "fn", invoke } }],
      retry,
      journal,
      activity,
      pino({ level: "silent" }),
    );
    return { bus, activity, journal };
  }

  it("retries a failing target with doubling backoff, then delivers", async () => {
    const calls: number[] = [];
    const { bus, activity, journal } = await router("retry", async () => {
      calls.push(Date.now());
      if (calls.length < 3) throw new Error("throttled");
    });

    expect(await bus.put(event)).toBe(1);
    await bus.idle();

    expect(calls).toHaveLength(3);
    expect((calls[2] ?? 0) - (calls[1] ?? 0)).toBeGreaterThanOrEqual(35);
    expect(activity.recent().map((a) => a.kind)).toEqual([
      "event.retrying",
      "event.retrying",
      "event.delivered",
    ]);
    expect(activity.deadLetters()).toEqual([]);
    expect(journal.pending()).toEqual([]);
  });

  it("dead-letters an event after the last retry, keeps it on disk and owes it no more", async () => {
    const { bus, activity, journal } = await router("dead", async () => {
      throw new Error("bucket is gone");
    });

    await bus.put(event);
    await bus.idle();
    await activity.flushed();
    const reopened = await ActivityLog.open(`${data.path}/dead/activity.jsonl`);

    expect(reopened.deadLetters()).toEqual([
      expect.objectContaining({
        kind: "event.dead-lettered",
        rule: "new-upload",
        eventId: "e-1",
        key: "uploads/a/b/c.jpg",
        attempt: 3,
        error: "bucket is gone",
        event,
      }),
    ]);
    expect(journal.pending()).toEqual([]);
  });

  it("dead-letters once the event is older than the policy's maximum age, retries left or not", async () => {
    let calls = 0;
    const { bus, activity } = await router(
      "age",
      async () => {
        calls++;
        throw new Error("down");
      },
      { retries: 10, firstDelayMs: 40, maxDelayMs: 40, maxAgeMs: 100 },
    );

    await bus.put(event);
    await bus.idle();

    expect(calls).toBe(3);
    expect(activity.deadLetters()).toHaveLength(1);
  });

  it("when drained, finishes the invocation under way and leaves the rest for the next start, same ids", async () => {
    // Prepare: a real one-sandbox function, so later events wait behind the first.
    const delivered: string[] = [];
    const lambda = testLambda("slow", bundle);
    const target: EventTarget["invoke"] = async (e, options) => {
      await lambda.invoke(e, options);
      delivered.push((e as { id: string }).id);
    };
    const first = await router("drain", target);
    for (const id of ["running", "waiting-1", "waiting-2"]) await first.bus.put({ ...event, id });

    // Act: drain while the first runs; an upload that comes in meanwhile is only journaled.
    await first.bus.drain();
    await first.bus.put({ ...event, id: "during-drain" });
    await first.journal.close();
    const next = await router("drain", target);
    const resumed = next.bus.resume();
    await next.bus.idle();
    await lambda.stop();

    // Assess
    expect(delivered[0]).toBe("running");
    expect(next.journal.leftOver.map((o) => (o.item.event as { id: string }).id)).toEqual([
      "waiting-1",
      "waiting-2",
      "during-drain",
    ]);
    expect(resumed).toBe(3);
    expect(delivered).toEqual(["running", "waiting-1", "waiting-2", "during-drain"]);
    expect(next.journal.pending()).toEqual([]);
  });

  it("ignores an event no rule matches", async () => {
    const { bus, activity, journal } = await router("none", async () => undefined);

    expect(await bus.put({ ...event, source: "aws.ec2" })).toBe(0);
    await bus.idle();
    expect(activity.recent()).toEqual([]);
    expect(journal.pending()).toEqual([]);
  });
});
