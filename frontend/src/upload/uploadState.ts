/** Where one file of the upload queue is. */
export type UploadPhase =
  | { phase: "refused"; message: string }
  | { phase: "waiting" }
  | { phase: "uploading"; loaded: number; total: number }
  | { phase: "processing"; imageId: string }
  | { phase: "processed"; imageId: string }
  | { phase: "failed"; message: string; imageId?: string };

export interface UploadItem {
  /** Unique within the queue. */
  key: string;
  file: File;
  state: UploadPhase;
}

export type UploadAction =
  | { type: "add"; items: UploadItem[] }
  | { type: "update"; key: string; state: UploadPhase }
  | { type: "dismiss"; key: string }
  | { type: "clearFinished" };

/** Pure: the queue after an action. */
export function uploadQueueReducer(queue: UploadItem[], action: UploadAction): UploadItem[] {
  switch (action.type) {
    case "add":
      return [...queue, ...action.items];
    case "update":
      return queue.map((item) =>
        item.key === action.key ? { ...item, state: action.state } : item,
      );
    case "dismiss":
      return queue.filter((item) => item.key !== action.key);
    case "clearFinished":
      return queue.filter((item) => !isFinished(item.state));
  }
}

export function isFinished(state: UploadPhase): boolean {
  return state.phase === "processed" || state.phase === "failed" || state.phase === "refused";
}

/** The share of the file sent, 0–100. */
export function percentSent(state: Extract<UploadPhase, { phase: "uploading" }>): number {
  return state.total === 0 ? 0 : Math.min(100, Math.round((state.loaded / state.total) * 100));
}
