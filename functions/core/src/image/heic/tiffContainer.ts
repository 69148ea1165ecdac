/** Decoded 8-bit pixels, interleaved, rows packed; `icc` is the colour profile they are in. */
export interface PixelsWithProfile {
  width: number;
  height: number;
  channels: 3 | 4;
  /** Bytes from the start of one row to the next: at least width × channels. */
  stride: number;
  data: Uint8Array;
  icc?: Uint8Array;
}

const TAG = {
  width: 256,
  height: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  stripOffsets: 273,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
  planarConfiguration: 284,
  extraSamples: 338,
  iccProfile: 34675,
} as const;
const SHORT = 3;
const LONG = 4;
const UNDEFINED = 7;
const HEADER_BYTES = 8;
const ENTRY_BYTES = 12;
/** The entries every image has; alpha and a profile add one each. */
const BASE_ENTRIES = 10;

type Entry = [tag: number, type: number, count: number, value: number];

/**
 * Wraps decoded pixels and their ICC profile in an uncompressed TIFF, so that sharp reads
 * them with the profile attached and converts them to sRGB like any other upload: sharp's
 * raw input takes no profile. Copies the pixels once, row by row, dropping any stride
 * padding. Hand-written: the container is fixed and tiny (a dozen tags), and the TIFF
 * encoders on npm copy the pixels again or drop unknown tags such as the ICC profile.
 *
 * @example
 * const tiff = tiffWithProfile({ width, height, channels: 3, stride, data, icc });
 * await sharp(tiff).toColourspace("srgb").raw().toBuffer(); // sRGB pixels
 */
export function tiffWithProfile(pixels: PixelsWithProfile): Buffer {
  const { width, height, channels, stride, data, icc } = pixels;
  const rowBytes = width * channels;
  const pixelBytes = rowBytes * height;
  if (stride < rowBytes || data.length < stride * (height - 1) + rowBytes) {
    throw new RangeError("the pixel data is smaller than its declared size");
  }
  const entryCount = BASE_ENTRIES + (channels === 4 ? 1 : 0) + (icc ? 1 : 0);
  const bitsAt = HEADER_BYTES + 2 + entryCount * ENTRY_BYTES + 4;
  const iccAt = bitsAt + 2 * channels;
  const pixelsAt = iccAt + (icc?.length ?? 0);
  // Ascending tag order, as TIFF requires; one strip holds every row.
  const entries: Entry[] = [
    [TAG.width, LONG, 1, width],
    [TAG.height, LONG, 1, height],
    [TAG.bitsPerSample, SHORT, channels, bitsAt],
    [TAG.compression, SHORT, 1, 1],
    [TAG.photometric, SHORT, 1, 2],
    [TAG.stripOffsets, LONG, 1, pixelsAt],
    [TAG.samplesPerPixel, SHORT, 1, channels],
    [TAG.rowsPerStrip, LONG, 1, height],
    [TAG.stripByteCounts, LONG, 1, pixelBytes],
    [TAG.planarConfiguration, SHORT, 1, 1],
    // The fourth sample is alpha, not premultiplied ("unassociated").
    ...(channels === 4 ? [[TAG.extraSamples, SHORT, 1, 2] satisfies Entry] : []),
    ...(icc ? [[TAG.iccProfile, UNDEFINED, icc.length, iccAt] satisfies Entry] : []),
  ];

  const tiff = Buffer.allocUnsafe(pixelsAt + pixelBytes);
  tiff.write("II*\0", 0, "latin1");
  tiff.writeUInt32LE(HEADER_BYTES, 4);
  writeDirectory(tiff, entries);
  for (let i = 0; i < channels; i++) tiff.writeUInt16LE(8, bitsAt + 2 * i);
  if (icc) tiff.set(icc, iccAt);
  for (let row = 0; row < height; row++) {
    const from = row * stride;
    tiff.set(data.subarray(from, from + rowBytes), pixelsAt + row * rowBytes);
  }
  return tiff;
}

/** Writes the image file directory: its entry count, the entries, then "no next IFD". */
function writeDirectory(tiff: Buffer, entries: readonly Entry[]): void {
  tiff.writeUInt16LE(entries.length, HEADER_BYTES);
  entries.forEach(([tag, type, valueCount, value], i) => {
    const at = HEADER_BYTES + 2 + i * ENTRY_BYTES;
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(valueCount, at + 4);
    // A SHORT that fits sits in the first two bytes of the value field.
    if (type === SHORT && valueCount === 1) {
      tiff.writeUInt16LE(value, at + 8);
      tiff.writeUInt16LE(0, at + 10);
    } else {
      tiff.writeUInt32LE(value, at + 8);
    }
  });
  tiff.writeUInt32LE(0, HEADER_BYTES + 2 + entries.length * ENTRY_BYTES);
}
