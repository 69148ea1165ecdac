import { imageFailedEvent } from "@imgpipe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Completion, MetadataStore, type RowKey } from "../src/metadataStore.js";
import { type ImagesTable, startImagesTable, TABLE } from "./support/imagesTable.js";

const AT = new Date("2026-12-01T10:00:00Z");
const delivery = { order: "0001", revision: "v1" };
const lease = { until: AT.getTime() + 60_000, at: AT };

/** The outcome of an upload that is no image, with its event. */
function failedCompletion(key: RowKey): Extract<Completion, { status: "failed" }> {
  const data = {
    ...key,
    source: { key: `uploads/${key.ownerId}/${key.imageId}/a.txt`, revision: "v1", bytes: 4 },
    reason: { code: "unsupported_format" as const, message: "not an image" },
  };
  return { status: "failed", data, event: imageFailedEvent(data, AT) };
}

describe("MetadataStore, the row store of process-image", () => {
  let table: ImagesTable;
  let store: MetadataStore;
  let n = 0;
  const nextKey = () => ({ ownerId: "alice", imageId: `img-${++n}` });

  beforeAll(async () => {
    table = await startImagesTable();
    store = new MetadataStore(table.dynamo, TABLE);
  });
  afterAll(() => table?.stop());

  it("claims a new image: processing, its upload, a createdAt for the owner index", async () => {
    const key = nextKey();

    const version = await store.claim(key, delivery, lease, undefined);

    expect(version).toBe(1);
    expect(await table.row(key.ownerId, key.imageId)).toMatchObject({
      status: "processing",
      sequencer: "0001",
      revision: "v1",
      leaseUntil: lease.until,
      createdAt: AT.toISOString(),
      rowVersion: 1,
    });
    expect(await store.readState(key)).toEqual({
      order: "0001",
      revision: "v1",
      status: "processing",
      leaseUntil: lease.until,
      pendingEvent: undefined,
      rowVersion: 1,
    });
  });

  it("takes over the API's pending row, keeping its createdAt and dropping its expiry", async () => {
    const key = nextKey();
    await table.put({
      ...key,
      status: "pending",
      createdAt: "2026-11-30T00:00:00.000Z",
      expiresAt: 1,
    });

    const version = await store.claim(key, delivery, lease, await store.readState(key));

    const row = await table.row(key.ownerId, key.imageId);
    expect(version).toBe(1);
    expect(row?.createdAt).toBe("2026-11-30T00:00:00.000Z");
    expect(row).not.toHaveProperty("expiresAt");
  });

  it("lets only one of two writers that read the same version win", async () => {
    const key = nextKey();
    const read = await store.readState(key);

    const results = await Promise.all([
      store.claim(key, delivery, lease, read),
      store.claim(key, { order: "0002", revision: "v2" }, lease, read),
    ]);

    expect(results.filter((version) => version !== undefined)).toEqual([1]);
  });

  it("records an outcome with its pending event, then settles it", async () => {
    const key = nextKey();
    const claimed = (await store.claim(key, delivery, lease, undefined)) ?? 0;
    const completion = failedCompletion(key);

    const completed = await store.complete(key, completion, claimed, AT);
    const pending = await store.readState(key);
    const settled = await store.settle(key, completed ?? 0);

    expect(completed).toBe(2);
    expect(pending?.pendingEvent).toBe(JSON.stringify(completion.event));
    expect(settled).toBe(3);
    expect(await table.row(key.ownerId, key.imageId)).toMatchObject({
      status: "failed",
      failure: completion.data.reason,
      leaseUntil: 0,
    });
    expect(await store.readState(key)).toMatchObject({ pendingEvent: undefined, rowVersion: 3 });
  });

  it("refuses to complete over a row that changed since the claim", async () => {
    const key = nextKey();
    const claimed = (await store.claim(key, delivery, lease, undefined)) ?? 0;
    await store.release(key, claimed);

    expect(await store.complete(key, failedCompletion(key), claimed, AT)).toBeUndefined();
  });
});
