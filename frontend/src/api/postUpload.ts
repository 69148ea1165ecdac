import { ApiError, OFFLINE_MESSAGE } from "./apiError.js";
import type { CreatedUpload } from "./contract.js";

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends a file to S3 with its presigned POST: the signed fields first, the file last, as
 * S3 requires. XMLHttpRequest rather than fetch, because only it reports upload progress.
 * S3's refusals (an expired policy, a file over the signed size) become {@link ApiError}s.
 */
export function postUpload(
  upload: CreatedUpload["upload"],
  file: Blob,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append("file", file);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", upload.url);
    request.upload.onprogress = (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress({ loaded: file.size, total: file.size });
        resolve();
      } else reject(s3Error(request.status, request.responseText));
    };
    request.onerror = () => reject(new ApiError("offline", OFFLINE_MESSAGE, 0));
    request.onabort = () => reject(new ApiError("aborted", "The upload was cancelled.", 0));
    signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(form);
  });
}

/** S3 answers `<Error><Code>EntityTooLarge</Code><Message>…</Message></Error>`. */
function s3Error(status: number, xml: string): ApiError {
  const document = new DOMParser().parseFromString(xml, "application/xml");
  const field = (name: string) => document.querySelector(name)?.textContent ?? undefined;
  const code = field("Code") ?? `http_${status}`;
  return new ApiError(code, `Storage refused the upload: ${field("Message") ?? code}.`, status);
}
