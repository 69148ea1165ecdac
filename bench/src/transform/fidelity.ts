import sharp, { type Sharp } from "sharp";

/** Decoded RGB pixels: what an answer is compared on. */
export interface Pixels {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * The reference an answer is measured against: the transform applied to the original
 * itself, never encoded (so only what each server loses shows).
 */
export async function referencePixels(
  original: Buffer,
  transform: (pipeline: Sharp) => Sharp,
): Promise<Pixels> {
  return rgb(transform(sharp(original)));
}

/**
 * Peak signal-to-noise ratio of an answer against its reference, in dB over the RGB
 * samples: higher is closer (JPEG q80 of a photo is typically 35–45 dB).
 */
export async function psnr(answer: Buffer, reference: Pixels): Promise<number> {
  const decoded = await rgb(sharp(answer));
  if (decoded.width !== reference.width || decoded.height !== reference.height) {
    throw new Error(
      `an answer of ${decoded.width}×${decoded.height} cannot be compared with a ${reference.width}×${reference.height} reference`,
    );
  }
  let squares = 0;
  for (let i = 0; i < decoded.data.length; i++) {
    const difference = (decoded.data[i] ?? 0) - (reference.data[i] ?? 0);
    squares += difference * difference;
  }
  const meanSquare = squares / decoded.data.length;
  return meanSquare === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / meanSquare);
}

async function rgb(pipeline: Sharp): Promise<Pixels> {
  const { data, info } = await pipeline
    .toColourspace("srgb")
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
