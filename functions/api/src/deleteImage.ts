import { imageDeletedEvent } from "@imgpipe/core";
import type { ApiDeps } from "./appEnv.js";
import { ApiError } from "./problems.js";
import type { RowKey } from "./store/imageTable.js";

/** A tombstone outlives any delivery of the upload that EventBridge could still retry. */
const TOMBSTONE_SECONDS = 24 * 3600;

/** A row that keeps changing under a delete is read again, this often. */
const ATTEMPTS = 5;

export type DeleteOutcome = "deleted" | "already_deleted" | "not_found";

/**
 * Deletes an image so that nothing of it is left, even while process-image renders it:
 *
 * 1. the row becomes a tombstone with a conditional write on the version read. An
 *    invocation that holds the row then fails its own next conditional write, removes
 *    the variants it wrote and stops; a later delivery sees the tombstone and skips;
 * 2. every version of the original and every variant is deleted;
 * 3. `image.deleted` (recorded in the tombstone) is published, then forgotten.
 *
 * A delete that failed after step 1 is finished by the next one: a tombstone that still
 * holds its event goes through steps 2 and 3 again.
 */
export async function deleteImage(key: RowKey, deps: ApiDeps): Promise<DeleteOutcome> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const row = await deps.table.get(key);
    if (!row) return "not_found";
    if (row.status === "deleted") {
      if (!row.pendingEvent || row.rowVersion === undefined) return "already_deleted";
      await finish(key, row.rowVersion, row.pendingEvent, deps);
      return "already_deleted";
    }
    const event = imageDeletedEvent(
      {
        ...key,
        ...(row.source && {
          source: { key: row.source.key, revision: row.source.revision, bytes: row.source.bytes },
        }),
      },
      deps.now(),
    );
    const expiresAt = Math.floor(deps.now().getTime() / 1000) + TOMBSTONE_SECONDS;
    const version = await deps.table.tombstone(row, event, expiresAt);
    if (version !== undefined) {
      await finish(key, version, JSON.stringify(event), deps);
      return "deleted";
    }
  }
  throw new ApiError("conflict", `Image ${key.imageId} kept changing while being deleted; retry`);
}

async function finish(key: RowKey, version: number, event: string, deps: ApiDeps) {
  const objects = await deps.objects.deleteImage(key.ownerId, key.imageId);
  await deps.events.publish(JSON.parse(event));
  await deps.table.settleTombstone(key, version);
  deps.logger.info({ ...key, objects }, "image deleted");
}
