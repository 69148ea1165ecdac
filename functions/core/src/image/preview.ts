import { rgbaToThumbHash } from "thumbhash";
import { fromRaw, type RawImage } from "./rawImage.js";

/** What a page shows while the image loads. */
export interface ImagePreview {
  /** The most common colour, `#rrggbb`. */
  dominantColour: string;
  /** A ThumbHash (about 25 bytes), base64: a blurred placeholder that keeps the aspect ratio. */
  thumbhash: string;
}

/** ThumbHash encodes at most 100×100 pixels. */
const THUMBHASH_MAX = 100;

/** Computes the preview from the already-decoded pixels (first frame): no second decode. */
export async function previewOf(image: RawImage): Promise<ImagePreview> {
  const { data, info } = await fromRaw(image, "first")
    .resize({ width: THUMBHASH_MAX, height: THUMBHASH_MAX, fit: "inside" })
    .toColourspace("srgb")
    .ensureAlpha()
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
  const hash = rgbaToThumbHash(info.width, info.height, data);
  const raw = { width: info.width, height: info.height, channels: 4 } as const;
  const { dominant } = await fromRaw({ data, ...raw, frames: 1 }).stats();
  return {
    dominantColour: `#${[dominant.r, dominant.g, dominant.b].map(hex).join("")}`,
    thumbhash: Buffer.from(hash).toString("base64"),
  };
}

function hex(channel: number): string {
  return channel.toString(16).padStart(2, "0");
}
