import { IMAGES_PREFIX } from "@imgpipe/core";
import type { ImageStorage } from "./imageStorage.js";
import type { Logger } from "./logger.js";
import type { MetadataStore, RowKey } from "./metadataStore.js";

export interface CleanupDeps {
  storage: ImageStorage;
  metadata: MetadataStore;
  logger: Logger;
}

/**
 * After a delivery has completed the row: removes the image's variants that the row
 * does not list, those of the uploads this one replaced or overtook.
 */
export async function removeUnlistedVariants(
  row: RowKey,
  listed: readonly string[],
  deps: CleanupDeps,
) {
  await bestEffort(deps, async () => {
    const stored = await deps.storage.listVariants(
      `${IMAGES_PREFIX}${row.ownerId}/${row.imageId}/`,
    );
    return stored.filter((key) => !listed.includes(key));
  });
}

/**
 * After a render that a newer upload overtook: removes what it stored, except what the
 * winner's row lists (the same bytes and settings give the same keys). While the winner
 * is still rendering, its own `removeUnlistedVariants` will find these keys instead.
 */
export async function removeSupersededVariants(
  row: RowKey,
  written: readonly string[],
  deps: CleanupDeps,
) {
  await bestEffort(deps, async () => {
    const current = await deps.metadata.readVariantKeys(row);
    if (current.status === "processing") return [];
    return written.filter((key) => !current.keys.includes(key));
  });
}

/** Leftovers cost storage, not correctness: a failed cleanup is logged, never retried through EventBridge. */
async function bestEffort(deps: CleanupDeps, find: () => Promise<string[]>) {
  try {
    const orphans = await find();
    if (orphans.length === 0) return;
    await deps.storage.deleteVariants(orphans);
    deps.logger.info({ removed: orphans.length }, "removed the variants of an overtaken upload");
  } catch (error) {
    deps.logger.warn({ err: error }, "could not remove the variants of an overtaken upload");
  }
}
