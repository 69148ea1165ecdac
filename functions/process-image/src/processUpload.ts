import { createHash } from "node:crypto";
import {
  type ImageInfo,
  ImageRejectedError,
  imageFailedEvent,
  imageProcessedEvent,
  inspectImage,
  KeyLayoutError,
  type ObjectCreatedDetail,
  type ProcessImageSettings,
  parseUploadKey,
  type RenderedVariant,
  renderVariants,
  type SourceImage,
  type UploadKey,
  variantKey,
} from "@imgpipe/core";
import type { EventPublisher } from "./eventPublisher.js";
import type { ImageStorage } from "./imageStorage.js";
import type { Logger } from "./logger.js";
import type { MetadataStore } from "./metadataStore.js";

export interface ProcessUploadDeps {
  settings: Pick<ProcessImageSettings, "variants" | "limits">;
  storage: ImageStorage;
  metadata: MetadataStore;
  events: EventPublisher;
  logger: Logger;
  now: () => Date;
}

export type ProcessOutcome =
  | { status: "processed"; variants: number }
  | { status: "failed"; code: string }
  | { status: "skipped"; reason: string };

/**
 * Turns one new upload into its variants, its metadata row and one event. Bad input
 * ends as a `failed` row and an `image.failed` event; only infrastructure errors throw,
 * so that EventBridge retries them.
 */
export async function processUpload(
  detail: ObjectCreatedDetail,
  deps: ProcessUploadDeps,
): Promise<ProcessOutcome> {
  const { key } = detail.object;
  let upload: UploadKey;
  try {
    upload = parseUploadKey(key);
  } catch (error) {
    if (!(error instanceof KeyLayoutError)) throw error;
    deps.logger.warn({ key, code: error.code }, error.message);
    return { status: "skipped", reason: error.code };
  }
  const log = deps.logger.child({ imageId: upload.imageId, ownerId: upload.ownerId });
  const versionId = detail.object["version-id"];
  const object = await deps.storage.readUpload(detail.bucket.name, key, versionId);
  if (!object) {
    log.info({ key }, "upload no longer exists; nothing to do");
    return { status: "skipped", reason: "upload_gone" };
  }
  const source: SourceImage = {
    key,
    revision: versionId ?? detail.object.etag ?? sha256(object.body),
    bytes: object.body.length,
  };
  try {
    const info = await inspectImage(object.body, deps.settings.limits);
    const variants = await renderAndStore(object.body, info, upload, deps);
    const data = {
      ownerId: upload.ownerId,
      imageId: upload.imageId,
      source: { ...source, ...info, sha256: sha256(object.body) },
      variants,
    };
    const at = deps.now();
    await deps.metadata.recordProcessed(data, at);
    await deps.events.publish(imageProcessedEvent(data, at));
    log.info({ variants: variants.length, width: info.width, height: info.height }, "processed");
    return { status: "processed", variants: variants.length };
  } catch (error) {
    if (!(error instanceof ImageRejectedError)) throw error;
    const data = {
      ownerId: upload.ownerId,
      imageId: upload.imageId,
      source,
      reason: { code: error.code, message: error.message },
    };
    const at = deps.now();
    await deps.metadata.recordFailed(data, at);
    await deps.events.publish(imageFailedEvent(data, at));
    log.warn({ code: error.code, reason: error.message }, "rejected");
    return { status: "failed", code: error.code };
  }
}

async function renderAndStore(
  body: Uint8Array,
  info: ImageInfo,
  upload: UploadKey,
  deps: ProcessUploadDeps,
): Promise<RenderedVariant[]> {
  const rendered = await renderVariants(body, info, deps.settings.variants, deps.settings.limits);
  const sourceHash = sha256(body).slice(0, 16);
  return Promise.all(
    rendered.map(async (image) => {
      const key = variantKey({
        ...upload,
        sourceHash,
        variant: image.variant,
        format: image.format,
      });
      await deps.storage.writeVariant(key, image.body, image.contentType);
      return {
        name: image.variant,
        format: image.format,
        key,
        width: image.width,
        height: image.height,
        bytes: image.body.length,
        contentType: image.contentType,
      };
    }),
  );
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
