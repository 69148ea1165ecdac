import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/apiError.js";
import type { ImageView } from "../api/contract.js";
import type { ImagesApi } from "../api/imagesApi.js";

export interface GalleryState {
  images: ImageView[];
  /** `loading`: the first page is on its way; `more`: a further page is. */
  status: "loading" | "idle" | "more" | "error";
  error: ApiError | undefined;
  /** Another page exists after the last one loaded. */
  hasMore: boolean;
}

const PAGE_SIZE = 24;

/**
 * The caller's images, newest first, a page at a time over the API's cursor; images
 * that finish uploading are put in front, deleted ones taken out.
 */
export function useGallery(api: ImagesApi) {
  const [state, setState] = useState<GalleryState>({
    images: [],
    status: "loading",
    error: undefined,
    hasMore: false,
  });
  const cursor = useRef<string | undefined>(undefined);
  const busy = useRef(false);

  const load = useCallback(
    async (first: boolean) => {
      if (busy.current) return;
      busy.current = true;
      if (first) cursor.current = undefined;
      setState((s) => ({ ...s, status: first ? "loading" : "more", error: undefined }));
      try {
        const page = await api.listImages(cursor.current, PAGE_SIZE);
        cursor.current = page.nextCursor ?? undefined;
        setState((s) => ({
          images: first ? page.items : mergeById(s.images, page.items),
          status: "idle",
          error: undefined,
          hasMore: page.nextCursor !== null,
        }));
      } catch (error) {
        const failure =
          error instanceof ApiError ? error : new ApiError("unknown", String(error), 0);
        setState((s) => ({ ...s, status: "error", error: failure }));
      } finally {
        busy.current = false;
      }
    },
    [api],
  );

  useEffect(() => {
    void load(true);
  }, [load]);

  return {
    ...state,
    reload: () => load(true),
    loadMore: () => (state.hasMore ? load(false) : Promise.resolve()),
    /** Puts an image in front, or updates it where it is. */
    upsert: useCallback((image: ImageView) => {
      setState((s) => {
        const at = s.images.findIndex((i) => i.id === image.id);
        const images =
          at === -1 ? [image, ...s.images] : s.images.map((i, n) => (n === at ? image : i));
        return { ...s, images };
      });
    }, []),
    remove: useCallback((imageId: string) => {
      setState((s) => ({ ...s, images: s.images.filter((i) => i.id !== imageId) }));
    }, []),
  };
}

/** A later page may repeat an image that moved while paging (one just uploaded): once only. */
function mergeById(shown: ImageView[], page: ImageView[]): ImageView[] {
  const known = new Set(shown.map((i) => i.id));
  return [...shown, ...page.filter((i) => !known.has(i.id))];
}
