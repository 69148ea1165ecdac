import { detectFormat } from "@imgpipe/core";
import { decodeHeic } from "@imgpipe/core/engine";

/**
 * Bytes sharp decodes: a HEIC (sharp's libheif has no HEVC decoder) decoded by the
 * engine's libheif (loaded by the first HEIC), as process-image does; anything else as
 * it is.
 */
export async function decodable(bytes: Uint8Array): Promise<Uint8Array> {
  return detectFormat(bytes) === "heic" ? decodeHeic(bytes) : bytes;
}
