import { type KeyboardEvent, useEffect, useRef } from "react";
import type { ImageView } from "../api/contract.js";
import { imagePath, navigate } from "../app/router.js";
import { ImageTile } from "./ImageTile.js";
import type { GalleryState } from "./useGallery.js";

export interface GalleryProps extends GalleryState {
  loadMore: () => void;
  reload: () => void;
}

/**
 * The responsive grid of the caller's images, newest first. Scrolling near the end loads
 * the next page (a button does the same without a mouse); arrow keys move between tiles.
 */
export function Gallery(props: GalleryProps) {
  const { images, status, error, hasMore } = props;
  if (status === "loading") {
    return (
      <section className="gallery" aria-busy="true" aria-labelledby="gallery-heading">
        <GalleryHeading />
        <p className="state" role="status">
          Loading your images…
        </p>
        <ul className="grid" aria-hidden="true">
          {Array.from({ length: 8 }, (_, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <li key={n} className="tile tile--skeleton" />
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section className="gallery" aria-labelledby="gallery-heading">
      <GalleryHeading count={images.length} more={hasMore} />
      {images.length === 0 && status !== "error" && (
        <div className="state state--empty">
          <p>No images yet.</p>
          <p>Drop photos above or choose files: each appears here once it has been processed.</p>
        </div>
      )}
      {images.length > 0 && <Grid images={images} />}
      {status === "error" && error && (
        <div className="state state--error" role="alert">
          <p>Your images could not be loaded: {error.message}</p>
          <button
            type="button"
            className="button"
            onClick={images.length ? props.loadMore : props.reload}
          >
            Try again
          </button>
        </div>
      )}
      {hasMore && status !== "error" && (
        <LoadMore loading={status === "more"} onVisible={props.loadMore} />
      )}
    </section>
  );
}

function GalleryHeading({ count, more }: { count?: number; more?: boolean }) {
  return (
    <h2 id="gallery-heading">
      Your images
      {count !== undefined && count > 0 && (
        <span className="count">
          {" "}
          ({count}
          {more ? "+" : ""})
        </span>
      )}
    </h2>
  );
}

function Grid({ images }: { images: ImageView[] }) {
  return (
    <ul className="grid" onKeyDown={moveFocus}>
      {images.map((image) => (
        <ImageTile key={image.id} image={image} onOpen={() => navigate(imagePath(image.id))} />
      ))}
    </ul>
  );
}

/** Arrow keys move between tiles: left/right by one, up/down by a row of the grid. */
function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
  const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: 0, ArrowDown: 0 }[event.key];
  if (step === undefined) return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>("a.tile-link")];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (at === -1) return;
  const columns = columnsOf(links);
  const delta = step !== 0 ? step : event.key === "ArrowUp" ? -columns : columns;
  const target = links[at + delta];
  if (target) {
    event.preventDefault();
    target.focus();
  }
}

/** Tiles in the first row: those as high up as the first. */
function columnsOf(links: HTMLElement[]): number {
  const top = links[0]?.getBoundingClientRect().top;
  return Math.max(1, links.filter((link) => link.getBoundingClientRect().top === top).length);
}

function LoadMore({ loading, onVisible }: { loading: boolean; onVisible: () => void }) {
  const sentinel = useRef<HTMLDivElement>(null);
  const visible = useRef(onVisible);
  visible.current = onVisible;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) visible.current();
      },
      { rootMargin: "600px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={sentinel} className="load-more">
      <button type="button" className="button button--quiet" disabled={loading} onClick={onVisible}>
        {loading ? "Loading more…" : "Show more"}
      </button>
    </div>
  );
}
