import { ACCEPTED_UPLOAD_TYPES, INPUT_FORMATS } from "./image/detectFormat.js";

/** Why an upload is refused before anything is signed, with the HTTP status the API answers. */
export interface UploadRefusal {
  code: "unsupported_type" | "too_large";
  status: 413 | 415;
  message: string;
}

/**
 * The one check of a declared upload, in the API (before it signs) and in the browser
 * (before it sends): the same rule and the same sentence in both, and the sentence
 * process-image gives a file that is too large.
 *
 * @example
 * uploadRefusal({ contentType: "text/plain", bytes: 10 }, 25 * 1024 * 1024)?.message;
 * // "A file of type text/plain is not accepted; upload a JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC image."
 */
export function uploadRefusal(
  upload: { contentType: string; bytes: number },
  maxUploadBytes: number,
): UploadRefusal | undefined {
  const contentType = upload.contentType.trim().toLowerCase();
  if (!ACCEPTED_UPLOAD_TYPES.includes(contentType)) {
    const what = contentType === "" ? "A file of unknown type" : `A file of type ${contentType}`;
    return {
      code: "unsupported_type",
      status: 415,
      message: `${what} is not accepted; upload a ${acceptedTypeNames()} image.`,
    };
  }
  if (upload.bytes > maxUploadBytes) {
    return {
      code: "too_large",
      status: 413,
      message: tooLargeMessage(upload.bytes, maxUploadBytes),
    };
  }
  return undefined;
}

/** `The file is 3.0 MiB; the limit is 2.0 MiB.` */
export function tooLargeMessage(bytes: number, maxUploadBytes: number): string {
  return `The file is ${formatBytes(bytes)}; the limit is ${formatBytes(maxUploadBytes)}.`;
}

/** The accepted formats as people name them: `JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC`. */
export function acceptedTypeNames(): string {
  const names = INPUT_FORMATS.map((format) => (format === "webp" ? "WebP" : format.toUpperCase()));
  return names.length > 1
    ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`
    : String(names[0]);
}

/** A size in the binary units `limits.maxUploadBytes` is set in: `3.0 MiB`, `812 KiB`. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
}
