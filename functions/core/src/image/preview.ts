import { rgbaToThumbHash } from "thumbhash";
import { fromRaw, type RawImage } from "./rawImage.js";
import { PREVIEW_SIZE } from "./renderPlan.js";

/** What a page shows while the image loads. */
export interface ImagePreview {
  /** The most common colour, `#rrggbb`. */
  dominantColour: string;
  /** A ThumbHash (about 25 bytes), base64: a blurred placeholder that keeps the aspect ratio. */
  thumbhash: string;
}

/** Computes the preview from already-decoded pixels (first frame): no second decode. */
export async function previewOf(image: RawImage): Promise<ImagePreview> {
  const { data, info } = await fromRaw(image, "first")
    .resize({ width: PREVIEW_SIZE, height: PREVIEW_SIZE, fit: "inside" })
    .toColourspace("srgb")
    .ensureAlpha()
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
  const hash = rgbaToThumbHash(info.width, info.height, data);
  return {
    dominantColour: dominantColour(data),
    thumbhash: Buffer.from(hash).toString("base64"),
  };
}

/**
 * The most common colour of RGBA pixels, as `#rrggbb`: colours are grouped into 4096
 * bins (4 bits a channel) and the fullest bin's mean is returned. Transparent pixels do
 * not count unless all are. Done here rather than with sharp's `stats()`, which costs
 * more than the whole preview for a 100-pixel image.
 */
export function dominantColour(rgba: Uint8Array): string {
  const opaque = binColours(rgba, 128);
  const { sums, counts, fullest } = opaque.counts[opaque.fullest] ? opaque : binColours(rgba, 0);
  const n = counts[fullest] || 1;
  const mean = [0, 1, 2].map((c) => Math.round((sums[fullest * 3 + c] ?? 0) / n));
  return `#${mean.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

function binColours(rgba: Uint8Array, minAlpha: number) {
  const counts = new Uint32Array(4096);
  const sums = new Float64Array(4096 * 3);
  let fullest = 0;
  for (let i = 0; i + 3 < rgba.length; i += 4) {
    if ((rgba[i + 3] ?? 0) < minAlpha) continue;
    const [r = 0, g = 0, b = 0] = [rgba[i], rgba[i + 1], rgba[i + 2]];
    const bin = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    counts[bin] = (counts[bin] ?? 0) + 1;
    sums[bin * 3] = (sums[bin * 3] ?? 0) + r;
    sums[bin * 3 + 1] = (sums[bin * 3 + 1] ?? 0) + g;
    sums[bin * 3 + 2] = (sums[bin * 3 + 2] ?? 0) + b;
    if ((counts[bin] ?? 0) > (counts[fullest] ?? 0)) fullest = bin;
  }
  return { counts, sums, fullest };
}
