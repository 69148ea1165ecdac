import { describe, expect, it } from "vitest";
import { type Activity, compact } from "../../src/activity/activityLog.js";

const delivered = (i: number) => ({
  kind: "event.delivered" as const,
  at: new Date(i).toISOString(),
  rule: "r",
  eventId: `e-${i}`,
  attempt: 1,
});

describe("compact", () => {
  it("keeps the last 2000 records and every older dead letter, in order", () => {
    const dead: Activity = { ...delivered(5), kind: "event.dead-lettered", error: "x", event: {} };
    const records: Activity[] = [...Array.from({ length: 10 }, (_, i) => delivered(i)), dead];
    records.push(...Array.from({ length: 2000 }, (_, i) => delivered(100 + i)));

    const kept = compact(records);

    expect(kept).toHaveLength(2001);
    expect(kept[0]).toBe(dead);
    expect(kept[1]).toBe(records[11]);
    expect(compact(records.filter((r) => r !== dead))).toHaveLength(2000);
    expect(compact(records.slice(0, 100))).toHaveLength(100);
  });
});
