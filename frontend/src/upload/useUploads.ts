import { useCallback, useEffect, useReducer, useRef } from "react";
import { ApiError } from "../api/apiError.js";
import type { ImageView } from "../api/contract.js";
import type { ImagesApi } from "../api/imagesApi.js";
import { postUpload } from "../api/postUpload.js";
import { type UploadItem, type UploadPhase, uploadQueueReducer } from "./uploadState.js";

/** Files sent at once: enough to fill a connection, few enough to show progress. */
const PARALLEL_UPLOADS = 3;
/** How often a processing image is checked, and for how long at most. */
const POLL_MS = 1000;
const GIVE_UP_AFTER_MS = 5 * 60_000;

export interface UploadsOptions {
  api: ImagesApi;
  /** The message the server would refuse a file with, checked before anything is sent. */
  refusal: (file: File) => string | undefined;
  /** Called with each image once it has been processed or has failed. */
  onSettled: (image: ImageView) => void;
  /** Waits between status checks; tests pass a quicker one. */
  pollMs?: number;
  /** Sends a file to its presigned POST; {@link postUpload} unless a test replaces it. */
  send?: typeof postUpload;
}

/**
 * The upload queue: refuses what the server would refuse, then for each file asks the
 * API for a presigned POST, sends the file with progress, and follows the image until
 * process-image has rendered it or given a reason it could not.
 */
export function useUploads(options: UploadsOptions) {
  const { api, refusal, onSettled, pollMs = POLL_MS, send = postUpload } = options;
  const [queue, dispatch] = useReducer(uploadQueueReducer, []);
  const started = useRef(new Set<string>());
  const nextKey = useRef(0);
  const settled = useRef(onSettled);
  settled.current = onSettled;

  const add = useCallback(
    (files: Iterable<File>) => {
      const items: UploadItem[] = [...files].map((file) => {
        const message = refusal(file);
        nextKey.current += 1;
        return {
          key: `upload-${nextKey.current}`,
          file,
          state: message ? { phase: "refused", message } : { phase: "waiting" },
        };
      });
      dispatch({ type: "add", items });
    },
    [refusal],
  );

  useEffect(() => {
    const running = queue.filter((item) => item.state.phase === "uploading").length;
    const ready = queue.filter(
      (item) => item.state.phase === "waiting" && !started.current.has(item.key),
    );
    for (const item of ready.slice(0, Math.max(0, PARALLEL_UPLOADS - running))) {
      started.current.add(item.key);
      const update = (state: UploadPhase) => dispatch({ type: "update", key: item.key, state });
      void sendAndFollow({ api, send, pollMs }, item.file, update).then((image) => {
        if (image) settled.current(image);
      });
    }
  }, [queue, api, send, pollMs]);

  return {
    queue,
    add,
    dismiss: (key: string) => dispatch({ type: "dismiss", key }),
    clearFinished: () => dispatch({ type: "clearFinished" }),
  };
}

async function sendAndFollow(
  { api, send, pollMs }: Required<Pick<UploadsOptions, "api" | "send" | "pollMs">>,
  file: File,
  update: (state: UploadPhase) => void,
): Promise<ImageView | undefined> {
  let imageId: string | undefined;
  try {
    update({ phase: "uploading", loaded: 0, total: file.size });
    const created = await api.createUpload({
      filename: file.name,
      contentType: file.type,
      bytes: file.size,
    });
    imageId = created.imageId;
    await send(created.upload, file, ({ loaded, total }) =>
      update({ phase: "uploading", loaded, total }),
    );
    update({ phase: "processing", imageId });
    const image = await untilSettled(api, imageId, pollMs);
    update(
      image.status === "processed"
        ? { phase: "processed", imageId }
        : { phase: "failed", imageId, message: failureMessage(image) },
    );
    return image;
  } catch (error) {
    const message = error instanceof ApiError ? error.message : String(error);
    update({ phase: "failed", message, ...(imageId && { imageId }) });
    return undefined;
  }
}

async function untilSettled(api: ImagesApi, imageId: string, pollMs: number): Promise<ImageView> {
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  for (;;) {
    const image = await api.getImage(imageId);
    if (image.status === "processed" || image.status === "failed") return image;
    if (Date.now() > deadline) {
      throw new ApiError(
        "still_processing",
        "Still processing after five minutes: it will appear in the gallery when done.",
        0,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export function failureMessage(image: ImageView): string {
  return image.failure?.message ?? "imgpipe could not process this image.";
}
