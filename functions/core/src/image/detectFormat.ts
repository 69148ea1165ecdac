/** Image formats imgpipe accepts as input. */
export const INPUT_FORMATS = ["jpeg", "png", "webp", "gif", "tiff", "avif"] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...bytes.subarray(start, end));

/**
 * Tells the real type of a file from its first bytes, never from its name or declared
 * content type. Returns undefined for anything that is not an accepted image format.
 */
export function detectFormat(bytes: Uint8Array): InputFormat | undefined {
  if (bytes.length < 12) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return "gif";
  const head = ascii(bytes, 0, 4);
  if (head === "II*\0" || head === "MM\0*") return "tiff";
  if (ascii(bytes, 4, 8) === "ftyp" && ["avif", "avis"].includes(ascii(bytes, 8, 12))) {
    return "avif";
  }
  return undefined;
}
