import { createHash } from "node:crypto";
import {
  IMAGE_EVENT_VERSION,
  type ImageDeletedData,
  type ImageDeletedEvent,
  type ImageEvent,
  type ImageEventType,
  type ImageFailedData,
  type ImageFailedEvent,
  type ImageProcessedData,
  type ImageProcessedEvent,
} from "./eventSchemas.js";

/**
 * Builders of the messages imgpipe publishes to its SNS topic (their shapes are in
 * `eventSchemas.ts`). The body is versioned JSON; the message attributes repeat the
 * fields a subscriber filters on.
 */
export function imageProcessedEvent(data: ImageProcessedData, time: Date): ImageProcessedEvent {
  return envelope("image.processed", data, time);
}

export function imageFailedEvent(data: ImageFailedData, time: Date): ImageFailedEvent {
  return envelope("image.failed", data, time);
}

export function imageDeletedEvent(data: ImageDeletedData, time: Date): ImageDeletedEvent {
  return envelope("image.deleted", data, time);
}

function envelope<T extends ImageEventType, D extends ImageEvent["data"]>(
  type: T,
  data: D,
  time: Date,
): { version: typeof IMAGE_EVENT_VERSION; id: string; type: T; time: string; data: D } {
  const id = createHash("sha256")
    .update(
      `${type}\n${data.ownerId}/${data.imageId}\n${data.source?.key}\n${data.source?.revision}`,
    )
    .digest("hex")
    .slice(0, 32);
  return { version: IMAGE_EVENT_VERSION, id, type, time: time.toISOString(), data };
}

/** The SNS message attributes of every event: what subscription filter policies match on. */
export interface ImageEventAttributes {
  eventType: ImageEventType;
  ownerId: string;
}

/** SNS message attributes, so that subscriptions can filter without parsing the body. */
export function imageEventAttributes(event: ImageEvent): ImageEventAttributes {
  return { eventType: event.type, ownerId: event.data.ownerId };
}
