import type { MouseEvent } from "react";
import type { ImageView } from "../api/contract.js";
import { imagePath } from "../app/router.js";
import { Picture } from "./Picture.js";

/** What a screen reader says for an image: its file name is all imgpipe knows of it. */
export function altText(image: ImageView): string {
  return image.fileName ? `Photo ${image.fileName}` : `Image ${image.id}`;
}

/** One square tile: the picture (or its state), a link to the detail view. */
export function ImageTile({ image, onOpen }: { image: ImageView; onOpen: () => void }) {
  const open = (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    onOpen();
  };
  return (
    <li className={`tile tile--${image.status}`}>
      <a className="tile-link" href={imagePath(image.id)} onClick={open}>
        {image.status === "processed" ? (
          <Picture image={image} alt={altText(image)} sizes="(max-width: 600px) 50vw, 200px" />
        ) : (
          <span className="tile-state">
            <span className="tile-name">{image.fileName ?? image.id}</span>
            <span className={image.status === "failed" ? "tile-error" : undefined}>
              {image.status === "failed"
                ? (image.failure?.message ?? "Could not be processed")
                : "Processing…"}
            </span>
          </span>
        )}
      </a>
    </li>
  );
}
