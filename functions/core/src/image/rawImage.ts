import sharp, { type Sharp } from "sharp";

/**
 * Decoded pixels kept in memory between the decode and the variants: 8-bit sRGB, frames
 * stacked top to bottom. Re-reading raw pixels costs no decode.
 */
export interface RawImage {
  data: Buffer;
  width: number;
  /** Height of one frame. */
  height: number;
  channels: 1 | 2 | 3 | 4;
  frames: number;
}

/** A pipeline over a raw image: every frame, or only the first. */
export function fromRaw(image: RawImage, frames: "all" | "first" = "all"): Sharp {
  const count = frames === "all" ? image.frames : 1;
  const { width, height, channels } = image;
  const data =
    count === image.frames ? image.data : image.data.subarray(0, width * height * channels);
  // The data are not premultiplied, whatever sharp's output info claims.
  return sharp(data, {
    raw: { width, height: height * count, channels, ...(count > 1 && { pageHeight: height }) },
    ...(count > 1 && { animated: true }),
  });
}

/** Runs a pipeline to raw 8-bit pixels, keeping its frames apart. */
export async function toRaw(pipeline: Sharp, frames: number): Promise<RawImage> {
  const { data, info } = await pipeline
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
  const height = frames > 1 ? (info.pageHeight ?? info.height / frames) : info.height;
  return { data, width: info.width, height, channels: info.channels, frames };
}
