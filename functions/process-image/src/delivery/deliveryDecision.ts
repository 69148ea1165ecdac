import type { ObjectCreatedDetail } from "@imgpipe/core";

/** One delivery of an "Object Created" event: which upload it is and where it ranks. */
export interface Delivery {
  /** Orders uploads of the same key: later uploads have greater values. */
  order: string;
  /** S3 version id, else ETag, else empty: identifies the upload's bytes. */
  revision: string;
}

/** What the images table row says about the deliveries seen so far. */
export interface DeliveryState {
  order?: string;
  revision?: string;
  status?: string;
  /** Until when (epoch ms) an invocation holds the row; 0 or absent when none does. */
  leaseUntil?: number;
  /** The event of a finished delivery that was not yet published. */
  pendingEvent?: string;
  /** Incremented by every write, so that each write can check nothing came in between. */
  rowVersion?: number;
  /** sha256 of the original the row's variants were rendered from, when it is `processed`. */
  processedSha256?: string;
  /** The keys of the row's variants, when it is `processed`. */
  processedVariantKeys?: readonly string[];
}

export type Decision =
  | { action: "process" }
  | { action: "publish"; event: string }
  | { action: "skip"; reason: "duplicate" | "superseded" | "in_progress" | "deleted" };

/** Wider than any S3 sequencer, so that left-padding with zeros makes them comparable. */
const ORDER_WIDTH = 40;

/**
 * The rank of an upload among uploads to the same key. S3's `sequencer` is a hex number
 * that grows with each write to a key; left-padded, its strings compare as the numbers
 * do. An event without one (S3 always sends it) ranks by its event time.
 */
export function deliveryOrder(detail: ObjectCreatedDetail, eventTime: string): string {
  const sequencer = detail.object.sequencer;
  const hex =
    sequencer && /^[0-9a-f]+$/i.test(sequencer)
      ? sequencer.toUpperCase()
      : Math.max(0, Date.parse(eventTime) || 0)
          .toString(16)
          .toUpperCase();
  return hex.padStart(ORDER_WIDTH, "0");
}

/**
 * Decides what to do with a delivery, given the row. EventBridge delivers at least
 * once and in no particular order, so the same upload can arrive twice (at once or
 * later) and an older upload can arrive after a newer one:
 *
 * - an older upload than the row's is skipped: the newer one wins;
 * - a newer one is processed;
 * - the same upload again is skipped, unless an earlier attempt died: then its work is
 *   redone (no lease holder) or its stored event is published (finished, not published);
 * - nothing is done for an image its owner deleted (the row is a tombstone).
 */
export function decideDelivery(
  state: DeliveryState | undefined,
  delivery: Delivery,
  now: number,
): Decision {
  if (state?.status === "deleted") return { action: "skip", reason: "deleted" };
  if (state?.order === undefined || delivery.order > state.order) return { action: "process" };
  if (delivery.order < state.order) return { action: "skip", reason: "superseded" };
  // Same rank, other bytes: only a stand-in S3 reuses a sequencer. The bytes decide later.
  if (delivery.revision !== state.revision) return { action: "process" };
  if ((state.leaseUntil ?? 0) > now) return { action: "skip", reason: "in_progress" };
  if (state.status === "processing") return { action: "process" };
  if (state.pendingEvent) return { action: "publish", event: state.pendingEvent };
  return { action: "skip", reason: "duplicate" };
}

/**
 * Whether an upload's bytes are those the row's variants were already rendered from, with
 * today's settings (`currentKeys`, the keys a render would write now): then it is
 * recorded as seen, neither rendered nor announced again. A changed or added variant
 * setting changes the keys, so the same bytes are rendered again.
 */
export function isUnchanged(
  state: DeliveryState | undefined,
  sha256: string | undefined,
  currentKeys: readonly string[],
): boolean {
  const rendered = new Set(state?.processedVariantKeys);
  return (
    state?.status === "processed" &&
    sha256 !== undefined &&
    state.processedSha256 === sha256 &&
    rendered.size === currentKeys.length &&
    currentKeys.every((key) => rendered.has(key))
  );
}
