import { createHash } from "node:crypto";
import {
  cameraDetails,
  checkUploadSize,
  type ImageFailedData,
  type ImageInfo,
  type ImagePreview,
  type ImageProcessedData,
  ImageRejectedError,
  inspectImage,
  type OutputFormat,
  type ProcessImageSettings,
  type RenderedImage,
  type RenderedVariant,
  renderImage,
  renderSettingsHash,
  type SourceImage,
  type UploadKey,
  variantKey,
} from "@imgpipe/core";
import type { ImageStorage, StoredUpload } from "./imageStorage.js";

export type RenderOutcome =
  | { status: "processed"; data: ImageProcessedData }
  | { status: "failed"; data: ImageFailedData };

export interface RenderUploadDeps {
  settings: Pick<ProcessImageSettings, "variants" | "limits" | "processing">;
  storage: ImageStorage;
}

/**
 * Turns an upload's bytes into stored variants and the data of its row. An upload that
 * is not a usable image gives a `failed` outcome and stores nothing; every other error
 * (S3, a bug) is thrown, so that EventBridge retries.
 */
export async function renderUpload(
  upload: StoredUpload,
  key: UploadKey,
  source: SourceImage,
  deps: RenderUploadDeps,
): Promise<RenderOutcome> {
  const { limits, processing, variants } = deps.settings;
  const ids = { ownerId: key.ownerId, imageId: key.imageId };
  try {
    checkUploadSize(upload.size, limits);
    const bytes = upload.body ?? new Uint8Array();
    const info = await inspectImage(bytes, limits, processing);
    const { images, preview } = await renderImage(bytes, info, variants, processing);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const stored = await storeVariants(images, key, sha256, deps);
    return {
      status: "processed",
      data: { ...ids, source: describeSource(source, info, preview, sha256), variants: stored },
    };
  } catch (error) {
    if (!(error instanceof ImageRejectedError)) throw error;
    return {
      status: "failed",
      data: { ...ids, source, reason: { code: error.code, message: error.message } },
    };
  }
}

function describeSource(
  source: SourceImage,
  info: ImageInfo,
  preview: ImagePreview,
  sha256: string,
): ImageProcessedData["source"] {
  const camera = cameraDetails(info.exif);
  return {
    ...source,
    format: info.format,
    width: info.width,
    height: info.height,
    sha256,
    hasAlpha: info.hasAlpha,
    animated: info.frames > 1,
    frames: info.frames,
    ...preview,
    ...(camera && { camera }),
  };
}

/**
 * Stores each output under a key of the original's hash and of the settings it was
 * rendered with: a new upload or a changed setting never rewrites a key a CDN may hold.
 */
async function storeVariants(
  images: RenderedImage[],
  upload: UploadKey,
  sha256: string,
  deps: RenderUploadDeps,
): Promise<RenderedVariant[]> {
  return Promise.all(
    images.map(async (image) => {
      const key = keyOfVariant(upload, sha256, image.variant, image.format, deps.settings);
      await deps.storage.writeVariant(key, image.body, image.contentType);
      return {
        name: image.variant,
        format: image.format,
        key,
        width: image.width,
        height: image.height,
        bytes: image.body.length,
        contentType: image.contentType,
        frames: image.frames,
      };
    }),
  );
}

/** The key of one configured output of an upload: its original's hash and its settings'. */
function keyOfVariant(
  upload: UploadKey,
  sha256: string,
  name: string,
  format: OutputFormat,
  { variants, processing }: RenderUploadDeps["settings"],
): string {
  const variant = variants.find((v) => v.name === name);
  const settings = variant?.formats.find((f) => f.format === format);
  if (!variant || !settings) throw new Error(`No configured output ${name}.${format}`);
  const renderHash = renderSettingsHash(variant, settings, processing);
  return variantKey({
    ...upload,
    sourceHash: sha256.slice(0, 16),
    variant: name,
    renderHash,
    format,
  });
}

/** Every key a render of this upload would write with today's settings. */
export function currentVariantKeys(
  upload: UploadKey,
  sha256: string,
  settings: RenderUploadDeps["settings"],
): string[] {
  return settings.variants.flatMap((variant) =>
    variant.formats.map(({ format }) =>
      keyOfVariant(upload, sha256, variant.name, format, settings),
    ),
  );
}
