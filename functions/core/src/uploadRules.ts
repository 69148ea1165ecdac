import { UPLOAD_CONTENT_TYPES } from "./apiContract.js";

/** The content types an upload may declare: what the API signs and the SPA's picker offers. */
export const ACCEPTED_UPLOAD_TYPES: readonly string[] = Object.values(UPLOAD_CONTENT_TYPES);

/** Why an upload is refused before anything is signed, with the HTTP status the API answers. */
export interface UploadRefusal {
  code: "unsupported_type" | "too_large";
  status: 413 | 415;
  message: string;
}

/**
 * The one check of a declared upload, in the API (before it signs) and in the browser
 * (before it sends): the same rule and the same sentence in both.
 *
 * @example
 * uploadRefusal({ contentType: "text/plain", bytes: 10 }, 25 * 1024 * 1024)?.message;
 * // "text/plain is not an accepted image type: upload JPEG, PNG, WEBP, GIF, TIFF or AVIF."
 */
export function uploadRefusal(
  upload: { contentType: string; bytes: number },
  maxUploadBytes: number,
): UploadRefusal | undefined {
  const contentType = upload.contentType.trim().toLowerCase();
  if (!ACCEPTED_UPLOAD_TYPES.includes(contentType)) {
    const what = contentType === "" ? "A file of unknown type" : contentType;
    return {
      code: "unsupported_type",
      status: 415,
      message: `${what} is not an accepted image type: upload ${acceptedTypeNames()}.`,
    };
  }
  if (upload.bytes > maxUploadBytes) {
    return {
      code: "too_large",
      status: 413,
      message: `The file is ${formatBytes(upload.bytes)}, larger than the ${formatBytes(maxUploadBytes)} limit.`,
    };
  }
  return undefined;
}

/** `JPEG, PNG, WEBP, GIF, TIFF or AVIF` */
export function acceptedTypeNames(): string {
  const names = ACCEPTED_UPLOAD_TYPES.map((type) => type.replace(/^image\//, "").toUpperCase());
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : String(names[0]);
}

const UNITS = ["bytes", "KiB", "MiB", "GiB"] as const;

/**
 * A size as a person reads it, in the binary units `limits.maxUploadBytes` is set in:
 * `25 MiB`, `1.4 MiB`, `812 bytes`.
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 || value >= 100 ? String(Math.round(value)) : String(Number(value.toFixed(1)));
  return `${text} ${UNITS[unit]}`;
}
