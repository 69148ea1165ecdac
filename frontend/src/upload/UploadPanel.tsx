import { acceptedTypeNames, formatBytes } from "@imgpipe/core/browser";
import { type DragEvent, useId, useRef, useState } from "react";
import { isFinished, percentSent, type UploadItem } from "./uploadState.js";

export interface UploadPanelProps {
  queue: UploadItem[];
  /** The `accept` of the file picker: the content types the API accepts. */
  accept: readonly string[];
  maxUploadBytes: number;
  onFiles: (files: File[]) => void;
  onDismiss: (key: string) => void;
  onClearFinished: () => void;
}

/** Drop files or pick them; each file then shows its own progress and outcome. */
export function UploadPanel(props: UploadPanelProps) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const hintId = useId();
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) props.onFiles([...event.dataTransfer.files]);
  };
  return (
    <section className="upload" aria-labelledby="upload-heading">
      <h2 id="upload-heading" className="visually-hidden">
        Upload
      </h2>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a shortcut; the button does the same from the keyboard */}
      <div
        className={`dropzone${dragging ? " dropzone--active" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <p>Drop photos here, or</p>
        <button
          type="button"
          className="button"
          aria-describedby={hintId}
          onClick={() => input.current?.click()}
        >
          Choose files…
        </button>
        <p id={hintId} className="hint">
          {acceptedTypeNames()}, up to {formatBytes(props.maxUploadBytes)} each.
        </p>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept={props.accept.join(",")}
          data-testid="file-input"
          onChange={(event) => {
            props.onFiles([...(event.target.files ?? [])]);
            event.target.value = "";
          }}
        />
      </div>
      {props.queue.length > 0 && (
        <>
          <ul className="queue" aria-label="Uploads">
            {props.queue.map((item) => (
              <UploadRow key={item.key} item={item} onDismiss={() => props.onDismiss(item.key)} />
            ))}
          </ul>
          {props.queue.some((item) => isFinished(item.state)) && (
            <button type="button" className="button button--quiet" onClick={props.onClearFinished}>
              Clear finished
            </button>
          )}
        </>
      )}
    </section>
  );
}

function UploadRow({ item, onDismiss }: { item: UploadItem; onDismiss: () => void }) {
  const { state } = item;
  const failed = state.phase === "failed" || state.phase === "refused";
  return (
    <li className={`queue-item${failed ? " queue-item--failed" : ""}`}>
      <span className="queue-name">{item.file.name}</span>
      <span className="queue-size">{formatBytes(item.file.size)}</span>
      {state.phase === "uploading" && (
        <progress
          className="queue-progress"
          max={100}
          value={percentSent(state)}
          aria-label={`Uploading ${item.file.name}`}
        >
          {percentSent(state)}%
        </progress>
      )}
      <span className="queue-status" role={failed ? "alert" : "status"}>
        {statusText(item)}
      </span>
      {isFinished(state) && (
        <button
          type="button"
          className="icon-button"
          aria-label={`Dismiss ${item.file.name}`}
          onClick={onDismiss}
        >
          ×
        </button>
      )}
    </li>
  );
}

function statusText({ state }: UploadItem): string {
  switch (state.phase) {
    case "waiting":
      return "Waiting…";
    case "uploading":
      return `Uploading ${percentSent(state)}%`;
    case "processing":
      return "Processing…";
    case "processed":
      return "Done";
    case "refused":
    case "failed":
      return state.message;
  }
}
