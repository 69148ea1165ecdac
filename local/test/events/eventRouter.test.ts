import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActivityLog } from "../../src/activity/activityLog.js";
import { EventRouter } from "../../src/events/eventRouter.js";
import { tempDir } from "../support/tempDir.js";

const event = {
  id: "e-1",
  source: "aws.s3",
  "detail-type": "Object Created",
  detail: { bucket: { name: "uploads" }, object: { key: "uploads/a/b/c.jpg" } },
};
const pattern = { source: ["aws.s3"], "detail-type": ["Object Created"] };

describe("EventRouter, the local EventBridge bus", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    data = await tempDir("router");
  });
  afterAll(() => data.remove());

  function router(activity: ActivityLog, invoke: (e: unknown) => Promise<unknown>) {
    return new EventRouter(
      [{ name: "new-upload", pattern, target: { name: "fn", invoke } }],
      { attempts: 3, firstBackoffMs: 20 },
      activity,
      pino({ level: "silent" }),
    );
  }

  it("retries a failing target with doubling backoff, then delivers", async () => {
    const activity = await ActivityLog.open(`${data.path}/retry.jsonl`);
    const calls: number[] = [];
    const bus = router(activity, async () => {
      calls.push(Date.now());
      if (calls.length < 3) throw new Error("throttled");
    });

    expect(bus.put(event)).toBe(1);
    await bus.idle();

    expect(calls).toHaveLength(3);
    expect((calls[2] ?? 0) - (calls[1] ?? 0)).toBeGreaterThanOrEqual(35);
    expect(activity.recent().map((a) => a.kind)).toEqual([
      "event.retrying",
      "event.retrying",
      "event.delivered",
    ]);
    expect(activity.deadLetters()).toEqual([]);
  });

  it("dead-letters an event after the last attempt and keeps it on disk", async () => {
    const path = `${data.path}/dead.jsonl`;
    const activity = await ActivityLog.open(path);
    const bus = router(activity, async () => {
      throw new Error("bucket is gone");
    });

    bus.put(event);
    await bus.idle();
    await activity.flushed();
    const reopened = await ActivityLog.open(path);

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
  });

  it("ignores an event no rule matches", async () => {
    const activity = await ActivityLog.open(`${data.path}/none.jsonl`);
    const bus = router(activity, async () => undefined);

    expect(bus.put({ ...event, source: "aws.ec2" })).toBe(0);
    await bus.idle();
    expect(activity.recent()).toEqual([]);
  });
});
