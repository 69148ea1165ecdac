import { createHash } from "node:crypto";
import {
  type EventPublisher,
  type ImageEvent,
  imageFailedEvent,
  imageProcessedEvent,
  KeyLayoutError,
  type ObjectCreatedEvent,
  type ProcessImageSettings,
  parseUploadKey,
  type SourceImage,
  type UploadKey,
  uploadKey,
} from "@imgpipe/core";
import {
  type Delivery,
  decideDelivery,
  deliveryOrder,
  isUnchanged,
} from "./delivery/deliveryDecision.js";
import type { ImageStorage, StoredUpload } from "./imageStorage.js";
import type { Logger } from "./logger.js";
import type { Completion, MetadataStore, RowKey } from "./metadataStore.js";
import { currentVariantKeys, type RenderOutcome, renderUpload } from "./renderUpload.js";
import { removeSupersededVariants, removeUnlistedVariants } from "./variantCleanup.js";

export interface ProcessUploadDeps {
  settings: Pick<ProcessImageSettings, "variants" | "limits" | "processing">;
  storage: ImageStorage;
  metadata: MetadataStore;
  events: EventPublisher;
  logger: Logger;
  now: () => Date;
  /** When this invocation times out (epoch ms): how long its hold on a row may last. */
  deadline: number;
}

export type SkipReason =
  | "invalid_key"
  | "unchanged"
  | "upload_gone"
  | "stale_event"
  | "duplicate"
  | "superseded"
  | "in_progress"
  | "deleted";

export type ProcessOutcome =
  | { status: "processed"; variants: number }
  | { status: "failed"; code: string }
  | { status: "published"; eventType: ImageEvent["type"] }
  | { status: "skipped"; reason: SkipReason };

/** Rows changed by another invocation between our read and our write are read again, this often. */
const CLAIM_ATTEMPTS = 3;

/**
 * Turns one delivery of an "Object Created" event into variants, a row and one event.
 * Bad input ends as a `failed` row and an `image.failed` event; redeliveries and
 * uploads overtaken by a newer one are skipped; only infrastructure errors throw, so
 * that EventBridge retries them.
 */
export async function processUpload(
  event: Pick<ObjectCreatedEvent, "detail" | "time">,
  deps: ProcessUploadDeps,
): Promise<ProcessOutcome> {
  const { detail } = event;
  const { key } = detail.object;
  let upload: UploadKey;
  try {
    upload = parseUploadKey(key);
  } catch (error) {
    if (!(error instanceof KeyLayoutError)) throw error;
    deps.logger.warn({ key, code: error.code }, error.message);
    return { status: "skipped", reason: "invalid_key" };
  }
  const log = deps.logger.child({ imageId: upload.imageId, ownerId: upload.ownerId });
  const versionId = detail.object["version-id"];
  const delivery: Delivery = {
    order: deliveryOrder(detail, event.time),
    revision: versionId ?? detail.object.etag ?? "",
  };
  const outcome = await deliver(upload, delivery, { ...deps, logger: log }, () =>
    readCurrentUpload(detail.bucket.name, key, versionId, detail.object.etag, deps),
  );
  if (outcome.status === "skipped") log.info({ key, reason: outcome.reason }, "skipped");
  return outcome;
}

async function deliver(
  upload: UploadKey,
  delivery: Delivery,
  deps: ProcessUploadDeps,
  read: () => Promise<StoredUpload | SkipReason>,
): Promise<ProcessOutcome> {
  const row = { ownerId: upload.ownerId, imageId: upload.imageId };
  let object: StoredUpload | undefined;
  let sha256: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const state = await deps.metadata.readState(row);
    const decision = decideDelivery(state, delivery, deps.now().getTime());
    if (decision.action === "skip") return { status: "skipped", reason: decision.reason };
    if (decision.action === "publish") {
      const version = await deps.metadata.claimToPublish(row, deps.deadline, state ?? {});
      if (version !== undefined) return publishPending(row, decision.event, version, deps);
    } else {
      const current = object ?? (await read());
      if (typeof current === "string") return { status: "skipped", reason: current };
      object = current;
      sha256 ??= object.body && createHash("sha256").update(object.body).digest("hex");
      const currentKeys = sha256 ? currentVariantKeys(upload, sha256, deps.settings) : [];
      if (state && isUnchanged(state, sha256, currentKeys)) {
        // The same bytes again: recorded as seen, not rendered nor announced again.
        const seen = await deps.metadata.recordSeen(row, delivery, deps.now(), state);
        if (seen !== undefined) return { status: "skipped", reason: "unchanged" };
      } else {
        const lease = { until: deps.deadline, at: deps.now() };
        const version = await deps.metadata.claim(row, delivery, lease, state);
        if (version !== undefined)
          return processClaimed(row, upload, delivery, object, version, deps);
      }
    }
    if (attempt >= CLAIM_ATTEMPTS) return { status: "skipped", reason: "in_progress" };
  }
}

/** Reads the upload this event is about; a different object now under its key makes it stale. */
async function readCurrentUpload(
  bucket: string,
  key: string,
  versionId: string | undefined,
  etag: string | undefined,
  deps: ProcessUploadDeps,
): Promise<StoredUpload | SkipReason> {
  const maxBytes = deps.settings.limits.maxUploadBytes;
  const object = await deps.storage.readUpload(bucket, key, { versionId, maxBytes });
  if (!object) return "upload_gone";
  // Unversioned bucket: the key may hold a newer upload by now, whose own event will come.
  if (!versionId && etag && object.etag && object.etag !== etag) return "stale_event";
  return object;
}

async function processClaimed(
  row: RowKey,
  upload: UploadKey,
  delivery: Delivery,
  object: StoredUpload,
  version: number,
  deps: ProcessUploadDeps,
): Promise<ProcessOutcome> {
  return withLease(row, version, deps, async (lease) => {
    const source: SourceImage = {
      key: uploadKey(upload),
      revision: delivery.revision || (object.etag ?? ""),
      bytes: object.size,
    };
    const rendered = await renderUpload(object, upload, source, deps);
    const at = deps.now();
    const completion: Completion =
      rendered.status === "processed"
        ? { ...rendered, event: imageProcessedEvent(rendered.data, at) }
        : { ...rendered, event: imageFailedEvent(rendered.data, at) };
    const completed = await deps.metadata.complete(row, completion, version, at);
    const written = rendered.status === "processed" ? rendered.data.variants.map((v) => v.key) : [];
    // The row changed while this upload rendered: a newer upload took it (it wins, this
    // one stays silent) or the owner deleted the image (nothing of it may stay).
    if (completed === undefined) return abandon(row, rendered, deps);
    lease.version = completed;
    await deps.events.publish(completion.event);
    await deps.metadata.settle(row, completed);
    await removeUnlistedVariants(row, written, deps);
    if (rendered.status === "failed") {
      deps.logger.warn(
        { code: rendered.data.reason.code, reason: rendered.data.reason.message },
        "rejected",
      );
      return { status: "failed", code: rendered.data.reason.code };
    }
    const { source: s, variants } = rendered.data;
    deps.logger.info({ variants: variants.length, width: s.width, height: s.height }, "processed");
    return { status: "processed", variants: variants.length };
  });
}

async function abandon(
  row: RowKey,
  rendered: RenderOutcome,
  deps: ProcessUploadDeps,
): Promise<ProcessOutcome> {
  const state = await deps.metadata.readState(row);
  if (state?.status !== "deleted") {
    const written = rendered.status === "processed" ? rendered.data.variants.map((v) => v.key) : [];
    await removeSupersededVariants(row, written, deps);
    return { status: "skipped", reason: "superseded" };
  }
  if (rendered.status === "processed") {
    await deps.storage.deleteVariants(rendered.data.variants.map((variant) => variant.key));
  }
  deps.logger.info("deleted while processing: its variants are removed");
  return { status: "skipped", reason: "deleted" };
}

async function publishPending(
  row: RowKey,
  pending: string,
  version: number,
  deps: ProcessUploadDeps,
): Promise<ProcessOutcome> {
  return withLease(row, version, deps, async () => {
    const event = JSON.parse(pending) as ImageEvent;
    await deps.events.publish(event);
    await deps.metadata.settle(row, version);
    deps.logger.info({ eventId: event.id }, "published the event of an earlier attempt");
    return { status: "published", eventType: event.type };
  });
}

/**
 * Runs work that holds the row; on failure gives the row back, then rethrows. The work
 * moves `lease.version` on as it writes, so the release names the row's latest version.
 */
async function withLease<T>(
  row: RowKey,
  version: number,
  deps: ProcessUploadDeps,
  work: (lease: { version: number }) => Promise<T>,
): Promise<T> {
  const lease = { version };
  try {
    return await work(lease);
  } catch (error) {
    await deps.metadata.release(row, lease.version).catch((releaseError: unknown) => {
      deps.logger.error({ err: releaseError }, "could not release the row; its lease will expire");
    });
    throw error;
  }
}
