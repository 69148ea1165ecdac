import { ListObjectsCommand } from "@aws-sdk/client-s3";
import { parsePipelineConfig } from "@imgpipe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, postForm } from "../support/apiClient.js";
import { eventually } from "../support/eventually.js";
import { photoJpeg } from "../support/images.js";
import { jsonOf } from "../support/jsonOf.js";
import { type PipelineHarness, startPipelineHarness } from "../support/pipelineHarness.js";

const config = parsePipelineConfig({ environment: "test" }, "test");

describe("the gallery API: owners, pages and deletes", { timeout: 180_000 }, () => {
  let pipeline: PipelineHarness;
  let alice: ApiClient;
  let bob: ApiClient;

  beforeAll(async () => {
    pipeline = await startPipelineHarness(config);
    alice = await apiClient(pipeline.cloud, "alice");
    bob = await apiClient(pipeline.cloud, "bob");
  }, 180_000);

  afterAll(() => pipeline?.stop());

  /** Uploads a photo through the API and waits until it is processed. */
  async function processedImage(client: ApiClient, width = 640, height = 480) {
    const photo = await photoJpeg(width, height);
    const { imageId, upload } = await client.startUpload("photo.jpg", "image/jpeg", photo.length);
    expect((await postForm(upload, photo, { type: "image/jpeg" })).status).toBe(204);
    await eventually(async () => {
      const image = await jsonOf(await client.call("GET", `/images/${imageId}`));
      expect(image.status).toBe("processed");
    }, 90_000);
    return imageId;
  }

  async function objectKeys(bucket: string, prefix: string) {
    const { Contents = [] } = await pipeline.clients.s3.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: prefix }),
    );
    return Contents.map((object) => object.Key);
  }
  const uploadsOf = (owner: string, id: string) =>
    objectKeys(pipeline.cloud.resources.uploadsBucket, `uploads/${owner}/${id}/`);
  const variantsOf = (owner: string, id: string) =>
    objectKeys(pipeline.cloud.resources.processedBucket, `images/${owner}/${id}/`);

  it("keeps two users apart: neither sees, lists or deletes the other's images", async () => {
    const alicesImage = await processedImage(alice);

    const seen = await bob.call("GET", `/images/${alicesImage}`);
    const listed = await jsonOf(await bob.call("GET", "/images"));
    const deleted = await bob.call("DELETE", `/images/${alicesImage}`);

    expect(seen.status).toBe(404);
    expect(seen.headers.get("content-type")).toBe("application/problem+json");
    expect(listed.items.map((image: { id: string }) => image.id)).not.toContain(alicesImage);
    expect(deleted.status).toBe(404);
    expect((await alice.call("GET", `/images/${alicesImage}`)).status).toBe(200);
    expect(await variantsOf("alice", alicesImage)).toHaveLength(6);
  }, 150_000);

  it("lists 120 images in pages of 25, newest first, without duplicates or gaps", async () => {
    // Rows through the API (pending uploads): listing does not depend on processing.
    const paula = await apiClient(pipeline.cloud, "paula");
    const created: string[] = [];
    for (let i = 0; i < 120; i++) {
      created.push((await paula.startUpload(`p${i}.jpg`, "image/jpeg", 1000)).imageId);
    }

    const pages: { id: string; createdAt: string }[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await jsonOf(await paula.call("GET", `/images?limit=25${query}`));
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const listed = pages.flat();

    expect(pages.map((page) => page.length)).toEqual([25, 25, 25, 25, 20]);
    expect(new Set(listed.map((image) => image.id)).size).toBe(120);
    expect([...listed.map((image) => image.id)].sort()).toEqual([...created].sort());
    const times = listed.map((image) => image.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(listed[0]?.id).toBe(created.at(-1));
    expect(listed.at(-1)?.id).toBe(created[0]);
  }, 120_000);

  it("deletes the original, every variant and the row, and publishes image.deleted", async () => {
    const imageId = await processedImage(alice);
    expect(await uploadsOf("alice", imageId)).toHaveLength(1);

    const first = await alice.call("DELETE", `/images/${imageId}`);
    const second = await alice.call("DELETE", `/images/${imageId}`);

    expect(first.status).toBe(204);
    expect(second.status).toBe(204);
    expect(await uploadsOf("alice", imageId)).toEqual([]);
    expect(await variantsOf("alice", imageId)).toEqual([]);
    expect((await alice.call("GET", `/images/${imageId}`)).status).toBe(404);
    const listed = await jsonOf(await alice.call("GET", "/images?limit=100"));
    expect(listed.items.map((image: { id: string }) => image.id)).not.toContain(imageId);
    await pipeline.cloud.idle();
    const deleted = pipeline.eventsFor(imageId).filter((event) => event.type === "image.deleted");
    expect(deleted).toHaveLength(1);
    expect(deleted[0]?.data).toMatchObject({ ownerId: "alice", imageId });
  }, 150_000);

  it("leaves nothing behind when an image is deleted while it is being processed", async () => {
    const photo = await photoJpeg(4000, 3000);
    const { imageId, upload } = await alice.startUpload("big.jpg", "image/jpeg", photo.length);
    expect((await postForm(upload, photo, { type: "image/jpeg" })).status).toBe(204);
    await eventually(async () => {
      expect((await pipeline.row(imageId))?.status).toBe("processing");
    }, 60_000);

    const response = await alice.call("DELETE", `/images/${imageId}`);
    await pipeline.cloud.idle();

    expect(response.status).toBe(204);
    expect(await uploadsOf("alice", imageId)).toEqual([]);
    expect(await variantsOf("alice", imageId)).toEqual([]);
    expect((await alice.call("GET", `/images/${imageId}`)).status).toBe(404);
    const types = pipeline.eventsFor(imageId).map((event) => event.type);
    expect(types).toEqual(["image.deleted"]);
  }, 150_000);
});
