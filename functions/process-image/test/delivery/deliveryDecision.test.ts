import type { ObjectCreatedDetail } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import {
  type DeliveryState,
  decideDelivery,
  deliveryOrder,
  isUnchanged,
} from "../../src/delivery/deliveryDecision.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");

function detail(sequencer?: string): ObjectCreatedDetail {
  return {
    version: "0",
    bucket: { name: "uploads" },
    object: { key: "uploads/a/b/c.jpg", etag: "e1", ...(sequencer && { sequencer }) },
  };
}

const order = (sequencer: string) => deliveryOrder(detail(sequencer), "2026-01-01T00:00:00Z");

describe("deliveryOrder", () => {
  it("ranks S3 sequencers of different lengths as hex numbers", () => {
    expect(order("FF") < order("100")).toBe(true);
    expect(order("0055B8A2C1F1C5E7A1") > order("55B8A2C1F1C5E79F")).toBe(true);
  });

  it("ignores the case of hex digits", () => {
    expect(order("00ab")).toBe(order("00AB"));
  });

  it("ranks an event without a sequencer by its time", () => {
    const early = deliveryOrder(detail(), "2026-01-01T00:00:00Z");
    const late = deliveryOrder(detail(), "2026-01-01T00:00:01Z");

    expect(early < late).toBe(true);
  });
});

describe("decideDelivery", () => {
  const delivery = { order: order("20"), revision: "e2" };
  const finished: DeliveryState = {
    order: delivery.order,
    revision: "e2",
    status: "processed",
    leaseUntil: 0,
    rowVersion: 3,
  };

  it("processes the first delivery of an image", () => {
    expect(decideDelivery(undefined, delivery, NOW)).toEqual({ action: "process" });
  });

  it("processes an upload whose row the API created as pending", () => {
    const pending = { status: "pending" };

    expect(decideDelivery(pending, delivery, NOW)).toEqual({ action: "process" });
  });

  it("skips the same upload delivered again once it is done", () => {
    expect(decideDelivery(finished, delivery, NOW)).toEqual({
      action: "skip",
      reason: "duplicate",
    });
  });

  it("skips a late delivery of an older upload: the newer one wins", () => {
    const older = { order: order("1F"), revision: "e1" };

    expect(decideDelivery(finished, older, NOW)).toEqual({ action: "skip", reason: "superseded" });
  });

  it("processes a newer upload, even while an older one is being rendered", () => {
    const rendering = { ...finished, status: "processing", leaseUntil: NOW + 60_000 };
    const newer = { order: order("21"), revision: "e3" };

    expect(decideDelivery(rendering, newer, NOW)).toEqual({ action: "process" });
  });

  it("skips the same upload while another invocation holds it", () => {
    const rendering = { ...finished, status: "processing", leaseUntil: NOW + 1 };

    expect(decideDelivery(rendering, delivery, NOW)).toEqual({
      action: "skip",
      reason: "in_progress",
    });
  });

  it("redoes the work of an attempt that died while processing", () => {
    const abandoned = { ...finished, status: "processing", leaseUntil: NOW - 1 };

    expect(decideDelivery(abandoned, delivery, NOW)).toEqual({ action: "process" });
  });

  it("publishes the stored event of an attempt that died after recording its outcome", () => {
    const unpublished = { ...finished, pendingEvent: '{"id":"x"}', leaseUntil: 0 };

    expect(decideDelivery(unpublished, delivery, NOW)).toEqual({
      action: "publish",
      event: '{"id":"x"}',
    });
  });

  it("processes other bytes under the same rank, leaving the bytes to decide", () => {
    const other = { order: delivery.order, revision: "e9" };

    expect(decideDelivery(finished, other, NOW)).toEqual({ action: "process" });
  });
});

describe("isUnchanged", () => {
  const keys = ["images/a/b/abab/thumb.1111.webp", "images/a/b/abab/large.2222.jpg"];
  const processed = {
    status: "processed",
    processedSha256: "ab".repeat(32),
    processedVariantKeys: keys,
  };

  it("is true only for the bytes the processed row was rendered from", () => {
    expect(isUnchanged(processed, "ab".repeat(32), keys)).toBe(true);
    expect(isUnchanged(processed, "cd".repeat(32), keys)).toBe(false);
    expect(isUnchanged(processed, undefined, keys)).toBe(false);
  });

  it("is false when today's settings would write other keys: a changed or an added variant", () => {
    const changed = ["images/a/b/abab/thumb.3333.webp", keys[1] ?? ""];
    expect(isUnchanged(processed, "ab".repeat(32), changed)).toBe(false);
    expect(
      isUnchanged(processed, "ab".repeat(32), [...keys, "images/a/b/abab/hero.4444.avif"]),
    ).toBe(false);
  });

  it("is false for a row that failed or is still pending, whatever the bytes", () => {
    expect(isUnchanged({ ...processed, status: "failed" }, "ab".repeat(32), keys)).toBe(false);
    expect(isUnchanged({ status: "pending" }, "ab".repeat(32), keys)).toBe(false);
  });
});
