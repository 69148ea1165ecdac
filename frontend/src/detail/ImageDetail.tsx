import { formatBytes } from "@imgpipe/core/browser";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api/apiError.js";
import type { ImageView } from "../api/contract.js";
import type { ImagesApi } from "../api/imagesApi.js";
import { formatDimensions } from "../app/format.js";
import { altText } from "../gallery/ImageTile.js";
import { Picture } from "../gallery/Picture.js";
import { VariantList } from "./VariantList.js";

export interface ImageDetailProps {
  api: ImagesApi;
  imageId: string;
  /** What the gallery already knows, shown at once while the API is asked again. */
  known: ImageView | undefined;
  onClose: () => void;
  onDeleted: (imageId: string) => void;
}

/**
 * One image large, what imgpipe knows of it, every variant with a copy-URL button, and
 * delete (after confirmation). Escape goes back to the gallery.
 */
export function ImageDetail({ api, imageId, known, onClose, onDeleted }: ImageDetailProps) {
  const [image, setImage] = useState(known);
  const [error, setError] = useState<ApiError>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    api.getImage(imageId).then(
      (fresh) => current && setImage(fresh),
      (failure: unknown) =>
        current &&
        setError(
          failure instanceof ApiError ? failure : new ApiError("unknown", String(failure), 0),
        ),
    );
    return () => {
      current = false;
    };
  }, [api, imageId]);

  useEffect(() => {
    heading.current?.focus();
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", closeOnEscape);
    return () => window.removeEventListener("keydown", closeOnEscape);
  }, [onClose]);

  const title = image?.fileName ?? imageId;
  return (
    <article className="detail" aria-labelledby="detail-heading">
      <p>
        <button type="button" className="button button--quiet" onClick={onClose}>
          ← Back to the gallery
        </button>
      </p>
      <h2 id="detail-heading" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {error && !image && (
        <p className="state state--error" role="alert">
          {error.status === 404
            ? "This image does not exist, or it has been deleted."
            : error.message}
        </p>
      )}
      {!image && !error && (
        <p className="state" role="status">
          Loading…
        </p>
      )}
      {image && (
        <div className="detail-body">
          {image.status === "processed" ? (
            <Picture
              image={image}
              alt={altText(image)}
              sizes="(max-width: 900px) 100vw, 900px"
              sameShapeOnly
              className="detail-picture"
            />
          ) : (
            <p className={`state${image.status === "failed" ? " state--error" : ""}`} role="status">
              {image.status === "failed"
                ? `Could not be processed: ${image.failure?.message ?? "no reason was given"}`
                : "Still processing…"}
            </p>
          )}
          <Facts image={image} />
          {image.variants.length > 0 && <VariantList variants={image.variants} />}
          <DeleteImage api={api} image={image} onDeleted={onDeleted} />
        </div>
      )}
    </article>
  );
}

function Facts({ image }: { image: ImageView }) {
  const facts: [string, string][] = [
    ["Status", image.status],
    ...(image.width && image.height
      ? [["Dimensions", formatDimensions(image.width, image.height)] as [string, string]]
      : []),
    ...(image.format ? [["Format", image.format.toUpperCase()] as [string, string]] : []),
    ...(image.bytes !== undefined ? [["Size", formatBytes(image.bytes)] as [string, string]] : []),
    ...(image.createdAt
      ? [["Uploaded", new Date(image.createdAt).toLocaleString()] as [string, string]]
      : []),
    ...(image.dominantColour
      ? [["Dominant colour", image.dominantColour] as [string, string]]
      : []),
  ];
  return (
    <dl className="facts">
      {facts.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>
            {name === "Dominant colour" && (
              <span className="swatch" style={{ backgroundColor: value }} aria-hidden="true" />
            )}
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function DeleteImage({
  api,
  image,
  onDeleted,
}: {
  api: ImagesApi;
  image: ImageView;
  onDeleted: (imageId: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string>();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);
  const remove = async () => {
    setDeleting(true);
    setError(undefined);
    try {
      await api.deleteImage(image.id);
      onDeleted(image.id);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
      setDeleting(false);
    }
  };
  if (!confirming) {
    return (
      <p>
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      </p>
    );
  }
  return (
    <div className="confirm" role="alertdialog" aria-labelledby="confirm-text">
      <p id="confirm-text">
        Delete {image.fileName ?? "this image"}? The original and every variant are removed; this
        cannot be undone.
      </p>
      {error && (
        <p className="state--error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button button--danger" disabled={deleting} onClick={remove}>
        {deleting ? "Deleting…" : "Delete for good"}
      </button>{" "}
      <button ref={cancel} type="button" className="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </div>
  );
}
