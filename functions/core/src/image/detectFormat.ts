/** Image formats imgpipe accepts as input. `heic` is any HEIF still image but AVIF. */
export const INPUT_FORMATS = ["jpeg", "png", "webp", "gif", "tiff", "avif", "heic"] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/**
 * The content types an upload of each input format may declare. The upload API and the
 * SPA's file picker accept exactly these; the format itself is still told from the bytes.
 */
export const INPUT_CONTENT_TYPES: Record<InputFormat, readonly string[]> = {
  jpeg: ["image/jpeg"],
  png: ["image/png"],
  webp: ["image/webp"],
  gif: ["image/gif"],
  tiff: ["image/tiff"],
  avif: ["image/avif"],
  heic: ["image/heic", "image/heif"],
};

/** Every content type an upload may declare, e.g. for a presigned POST or an `accept` list. */
export const ACCEPTED_UPLOAD_TYPES: readonly string[] = Object.values(INPUT_CONTENT_TYPES).flat();

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...bytes.subarray(start, end));

/**
 * Tells the real type of a file from its first bytes, never from its name or declared
 * content type. Returns undefined for anything that is not an accepted image format.
 *
 * @example
 * detectFormat(await readFile("photo.jpg")); // "jpeg", or undefined for a text file named so
 */
export function detectFormat(bytes: Uint8Array): InputFormat | undefined {
  if (bytes.length < 12) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return "gif";
  const head = ascii(bytes, 0, 4);
  if (head === "II*\0" || head === "MM\0*") return "tiff";
  const brands = ftypBrands(bytes);
  // AVIF files name the generic HEIF brands too (mif1, msf1): sharp reads AVIF itself.
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return "avif";
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return "heic";
  return undefined;
}

const AVIF_BRANDS = new Set(["avif", "avis"]);
/** HEVC-coded HEIF brands, and the generic HEIF image and sequence brands. */
const HEIC_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]);

/**
 * The brands of an ISO media file (AVIF, HEIC, MP4): the major brand, then the
 * compatible ones. Some encoders put "avif" among the compatible brands only.
 */
function ftypBrands(bytes: Uint8Array): string[] {
  if (bytes.length < 12 || ascii(bytes, 4, 8) !== "ftyp") return [];
  const boxSize = Math.min(
    bytes.length,
    new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0),
    64,
  );
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

/**
 * Names a refused file type people commonly upload, so the rejection can say what it
 * saw. Only for the message: acceptance is decided by `detectFormat` alone.
 */
export function describeUnsupported(bytes: Uint8Array): string | undefined {
  const start = new TextDecoder("latin1").decode(bytes.subarray(0, 512)).trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(start)) {
    return "an SVG drawing";
  }
  if (start.startsWith("%PDF-")) return "a PDF document";
  return undefined;
}
