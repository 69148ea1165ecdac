import {
  type ImageRow,
  type ImageStatus,
  responsiveImage,
  signedUrlExpiry,
  type TransformSettings,
} from "@imgpipe/core";
import type { ImageView } from "./schemas.js";

/** A row a client may see: anything but a tombstone. */
export type VisibleRow = ImageRow & { status: Exclude<ImageStatus, "deleted"> };

export function isVisible(row: ImageRow | undefined): row is VisibleRow {
  return row !== undefined && row.status !== "deleted";
}

/** Where an image's URLs point, and what signs its transform URLs (when transforms are on). */
export interface ImageLinks {
  cdnUrl: string;
  transform?: { key: string; settings: TransformSettings };
  now: Date;
}

/**
 * What a client sees of a row: no keys of ours, no bookkeeping; variant URLs on the CDN
 * and, where transforms are on, a signed responsive `srcset` of a processed original.
 */
export function imageView(row: VisibleRow, links: ImageLinks): ImageView {
  const source = row.source;
  const responsive = responsiveOf(row, links);
  return {
    id: row.imageId,
    status: row.status,
    fileName: row.upload?.fileName ?? source?.key.split("/").at(-1),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    format: source?.format,
    width: source?.width,
    height: source?.height,
    bytes: source?.bytes ?? row.upload?.bytes,
    animated: source?.animated,
    thumbhash: source?.thumbhash,
    dominantColour: source?.dominantColour,
    variants: (row.variants ?? []).map((v) => ({
      name: v.name,
      format: v.format,
      width: v.width,
      height: v.height,
      bytes: v.bytes,
      contentType: v.contentType,
      url: `${links.cdnUrl}/${v.key.split("/").map(encodeURIComponent).join("/")}`,
    })),
    ...(responsive && { responsive }),
    ...(row.status === "failed" && row.failure && { failure: row.failure }),
  };
}

function responsiveOf(row: VisibleRow, links: ImageLinks): ImageView["responsive"] {
  const { source } = row;
  if (!links.transform || row.status !== "processed") return undefined;
  if (!source?.sha256 || !source.width || !source.height) return undefined;
  const { key, settings } = links.transform;
  return responsiveImage(
    {
      ownerId: row.ownerId,
      imageId: row.imageId,
      sha256: source.sha256,
      width: source.width,
      height: source.height,
    },
    {
      cdnUrl: links.cdnUrl,
      key,
      widths: settings.srcsetWidths,
      limits: settings,
      ...(settings.signedUrlHours && {
        expires: signedUrlExpiry(links.now, settings.signedUrlHours),
      }),
    },
  );
}
