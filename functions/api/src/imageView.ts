import type { ImageRow, ImageStatus } from "@imgpipe/core";
import type { ImageView } from "./schemas.js";

/** A row a client may see: anything but a tombstone. */
export type VisibleRow = ImageRow & { status: Exclude<ImageStatus, "deleted"> };

export function isVisible(row: ImageRow | undefined): row is VisibleRow {
  return row !== undefined && row.status !== "deleted";
}

/** What a client sees of a row: no keys of ours, no bookkeeping; variant URLs on the CDN. */
export function imageView(row: VisibleRow, cdnUrl: string): ImageView {
  const source = row.source;
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
      url: `${cdnUrl}/${v.key.split("/").map(encodeURIComponent).join("/")}`,
    })),
    ...(row.status === "failed" && row.failure && { failure: row.failure }),
  };
}
