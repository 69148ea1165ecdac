import {
  IMAGE_EVENT_TYPES,
  IMAGE_EVENT_VERSION,
  type ImageEvent,
  type ImageEventType,
  imageEventSchema,
} from "@imgpipe/core/events";
import * as z from "zod";
import { WebhookError } from "./errors.js";

export type {
  ImageDeletedEvent,
  ImageEvent,
  ImageEventType,
  ImageFailedEvent,
  ImageProcessedEvent,
} from "@imgpipe/core/events";
export { IMAGE_EVENT_TYPES, IMAGE_EVENT_VERSION };

/**
 * Reads an imgpipe event from the `Message` of an SNS notification (or a raw-delivery
 * body). Fields added by a later release of the same version are dropped; a version
 * this package does not know is refused, so a receiver never misreads a breaking change.
 *
 * @throws WebhookError `invalid_event`, `unknown_event_type` or `unsupported_event_version`
 * @example
 * const event = parseImageEvent(message.Message);
 * if (event.type === "image.processed") event.data.variants;
 */
export function parseImageEvent(json: string): ImageEvent {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch (cause) {
    throw new WebhookError("invalid_event", "The message is not JSON.", { cause });
  }
  const { type, version } = (body ?? {}) as { type?: unknown; version?: unknown };
  if (!IMAGE_EVENT_TYPES.includes(type as ImageEventType)) {
    throw new WebhookError(
      "unknown_event_type",
      `The event type ${JSON.stringify(type)} is not one of ${IMAGE_EVENT_TYPES.join(", ")}.`,
    );
  }
  if (version !== IMAGE_EVENT_VERSION) {
    throw new WebhookError(
      "unsupported_event_version",
      `This receiver understands version ${IMAGE_EVENT_VERSION} of ${type}, not version ${JSON.stringify(version)}; upgrade @imgpipe/webhooks.`,
    );
  }
  const parsed = imageEventSchema.safeParse(body);
  if (!parsed.success) {
    throw new WebhookError(
      "invalid_event",
      `The ${type} event does not match its schema:\n${z.prettifyError(parsed.error)}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}
