/** Where an image is in the pipeline: the `status` of its images-table row. */
export type ImageStatus = "pending" | "processing" | "processed" | "failed";

/**
 * The images-table attributes that say whether an invocation holds a row. process-image
 * writes them; the local cloud reads them at start to find rows a crash left held.
 */
export interface ImageRowHold {
  ownerId: string;
  imageId: string;
  status: ImageStatus;
  /** Until when (epoch ms) an invocation holds the row; 0 or absent when none does. */
  leaseUntil?: number;
  /** When the row last changed (ISO 8601, UTC). */
  updatedAt?: string;
}
