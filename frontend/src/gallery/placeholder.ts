import { thumbHashToDataURL } from "thumbhash";

/**
 * The ThumbHash of an image (base64, as the API sends it) as a tiny PNG data URL: a
 * blurred preview shown until the variant loads. Undefined when there is none or it is
 * not a ThumbHash.
 */
export function thumbhashDataUrl(thumbhash: string | undefined): string | undefined {
  if (!thumbhash) return undefined;
  try {
    const bytes = Uint8Array.from(atob(thumbhash), (char) => char.charCodeAt(0));
    return thumbHashToDataURL(bytes);
  } catch {
    return undefined;
  }
}
