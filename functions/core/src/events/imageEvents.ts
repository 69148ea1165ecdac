import { createHash } from "node:crypto";
import type { OutputFormat } from "../config/outputFormats.js";
import type { RejectionCode } from "../errors.js";
import type { CameraDetails } from "../image/camera.js";

/**
 * Messages imgpipe publishes to its SNS topic. The body is versioned JSON; the message
 * attributes repeat the fields a subscriber filters on.
 */
export const IMAGE_EVENT_TYPES = ["image.processed", "image.failed", "image.deleted"] as const;
export type ImageEventType = (typeof IMAGE_EVENT_TYPES)[number];

export const IMAGE_EVENT_VERSION = 1;

export interface RenderedVariant {
  name: string;
  format: OutputFormat;
  key: string;
  width: number;
  height: number;
  bytes: number;
  contentType: string;
  /** Frames in this output: more than 1 only for an animation kept animated. */
  frames: number;
}

export interface SourceImage {
  key: string;
  /** S3 version id when the bucket is versioned, else the ETag: what identifies this upload. */
  revision: string;
  bytes: number;
}

/** What imgpipe learnt about an upload it processed. */
export interface ProcessedSource extends SourceImage {
  format: string;
  /** Upright dimensions (EXIF orientation applied), of one frame for an animation. */
  width: number;
  height: number;
  /** sha256 of the upload's bytes, hex. */
  sha256: string;
  hasAlpha: boolean;
  animated: boolean;
  /** Frames in the upload: 1 for a still image. */
  frames: number;
  /** The most common colour, `#rrggbb`. */
  dominantColour: string;
  /** A ThumbHash placeholder, base64. */
  thumbhash: string;
  /** Only when the config's `processing.recordCamera` is on and the photo has them. */
  camera?: CameraDetails;
}

export interface ImageProcessedData {
  ownerId: string;
  imageId: string;
  source: ProcessedSource;
  variants: RenderedVariant[];
}

export interface ImageFailedData {
  ownerId: string;
  imageId: string;
  source: SourceImage;
  reason: { code: RejectionCode; message: string };
}

/** An image removed by its owner: its original, every variant and its row are gone. */
export interface ImageDeletedData {
  ownerId: string;
  imageId: string;
  /** The upload the row last named, when it had one (a `pending` row has none). */
  source?: SourceImage;
}

interface Envelope<T extends ImageEventType, D> {
  version: typeof IMAGE_EVENT_VERSION;
  /** Same for every delivery of the same event, so subscribers can drop duplicates. */
  id: string;
  type: T;
  time: string;
  data: D;
}

export type ImageProcessedEvent = Envelope<"image.processed", ImageProcessedData>;
export type ImageFailedEvent = Envelope<"image.failed", ImageFailedData>;
export type ImageDeletedEvent = Envelope<"image.deleted", ImageDeletedData>;
export type ImageEvent = ImageProcessedEvent | ImageFailedEvent | ImageDeletedEvent;

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
): Envelope<T, D> {
  const id = createHash("sha256")
    .update(
      `${type}\n${data.ownerId}/${data.imageId}\n${data.source?.key}\n${data.source?.revision}`,
    )
    .digest("hex")
    .slice(0, 32);
  return { version: IMAGE_EVENT_VERSION, id, type, time: time.toISOString(), data };
}

/** SNS message attributes, so that subscriptions can filter without parsing the body. */
export function imageEventAttributes(event: ImageEvent): Record<string, string> {
  return { eventType: event.type, ownerId: event.data.ownerId };
}
