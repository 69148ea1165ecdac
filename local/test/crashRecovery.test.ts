import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, paginateScan } from "@aws-sdk/lib-dynamodb";
import { type ImageEvent, parsePipelineConfig, uploadKey } from "@imgpipe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localResources } from "../src/localCloud.js";
import { LOCAL_CREDENTIALS } from "../src/settings.js";
import { type CliCloud, startCliCloud } from "./support/cliCloud.js";
import { eventually } from "./support/eventually.js";
import { photoJpeg } from "./support/images.js";
import { tempDir } from "./support/tempDir.js";
import { startWebhookReceiver } from "./support/webhookReceiver.js";

const PHOTOS = 20;
const BAD_FILE = "not-a-photo";
/** Large enough to be still rendering when the signal comes (24 MP); the others are small. */
const LARGE_PHOTO = "photo-1";
const ALL_ACTIVITY = "activity?limit=5000";

/** Each scenario uploads as its own owner, so the one webhook receiver tells them apart. */
interface Upload {
  imageId: string;
  body: Buffer;
}

describe("the local cloud loses nothing on Ctrl-C, kill -9 and restart", () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let uploads: Upload[];
  const folders: Awaited<ReturnType<typeof tempDir>>[] = [];
  const running: CliCloud[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const photos = await Promise.all(
      Array.from({ length: PHOTOS }, (_, i) =>
        i === 0 ? photoJpeg(6000, 4000) : photoJpeg(480 + 16 * i, 360),
      ),
    );
    uploads = [
      ...photos.map((body, i) => ({ imageId: `photo-${i + 1}`, body })),
      { imageId: BAD_FILE, body: Buffer.from("this is a text file, not a JPEG") },
    ];
  });
  afterAll(async () => {
    for (const cloud of running) cloud.signal("SIGKILL");
    await receiver.close();
    for (const folder of folders) await folder.remove();
  });

  /** A data folder and a config whose only webhook is the receiver. */
  async function prepare(name: string) {
    const data = await tempDir(name);
    folders.push(data);
    // A shorter function timeout keeps short the lease a killed invocation leaves on its
    // row, with room for the large photo on a loaded machine.
    const raw = {
      // "local": the only environment whose webhooks may be plain http.
      environment: "local",
      webhooks: [{ name: "receiver", url: receiver.url }],
      functions: { processImage: { timeoutSeconds: 30 } },
    };
    const configFile = join(data.path, "config.json");
    await writeFile(configFile, JSON.stringify(raw));
    const config = parsePipelineConfig(raw, configFile);
    return {
      dataDir: data.path,
      configFile,
      resources: localResources(config),
      owner: name,
    };
  }

  async function start(setup: Awaited<ReturnType<typeof prepare>>) {
    const cloud = await startCliCloud(setup);
    running.push(cloud);
    return cloud;
  }

  /** Copies the uploads in at once, as `aws s3 cp --recursive` would; resolves once S3 took them all. */
  async function uploadBurst(
    cloud: CliCloud,
    setup: Awaited<ReturnType<typeof prepare>>,
    burst = uploads,
  ) {
    const s3 = new S3Client({
      endpoint: cloud.endpoints.s3,
      region: "us-east-1",
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
    });
    await Promise.all(
      burst.map(({ imageId, body }) =>
        s3.send(
          new PutObjectCommand({
            Bucket: setup.resources.uploadsBucket,
            Key: uploadKey({ ownerId: setup.owner, imageId, fileName: "photo.jpg" }),
            Body: body,
            ContentType: "image/jpeg",
          }),
        ),
      ),
    );
    s3.destroy();
  }

  function eventsHeard(owner: string): ImageEvent[] {
    return receiver.messages().filter((m: ImageEvent) => m.data.ownerId === owner);
  }

  async function rowStatuses(cloud: CliCloud, setup: Awaited<ReturnType<typeof prepare>>) {
    const dynamo = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.endpoints.dynamodb,
        region: "us-east-1",
        credentials: LOCAL_CREDENTIALS,
      }),
    );
    const statuses = new Map<string, string>();
    for await (const page of paginateScan(
      { client: dynamo },
      { TableName: setup.resources.imagesTable, ConsistentRead: true },
    )) {
      for (const item of page.Items ?? []) statuses.set(String(item.imageId), String(item.status));
    }
    dynamo.destroy();
    return statuses;
  }

  async function control<T>(cloud: CliCloud, path: string): Promise<T> {
    const response = await fetch(`${cloud.endpoints.api}/_local/${path}`);
    return (await response.json()) as T;
  }

  /** What a user checks after the restart: every upload done, heard of once per event id. */
  async function expectEverythingDelivered(
    cloud: CliCloud,
    setup: Awaited<ReturnType<typeof prepare>>,
    burst = uploads,
  ) {
    const expected = new Map(
      burst.map((u) => [u.imageId, u.imageId === BAD_FILE ? "failed" : "processed"]),
    );
    await eventually(async () => {
      expect(await rowStatuses(cloud, setup)).toEqual(expected);
      const heard = new Set(eventsHeard(setup.owner).map((e) => e.data.imageId));
      expect(heard.size).toBe(expected.size);
    }, 150_000);

    for (const imageId of expected.keys()) {
      const events = eventsHeard(setup.owner).filter((e) => e.data.imageId === imageId);
      // A notification repeated across the stop carries the same event id, so receivers can drop it.
      expect(new Set(events.map((e) => e.id)).size, imageId).toBe(1);
      expect(events[0]?.type, imageId).toBe(
        imageId === BAD_FILE ? "image.failed" : "image.processed",
      );
    }
    const { deadLetters } = await control<{ deadLetters: unknown[] }>(cloud, "dead-letters");
    expect(deadLetters).toEqual([]);
  }

  /**
   * Uploads the large photo, waits until it is being rendered, then copies in the rest:
   * however fast or loaded the machine, the signal that follows finds one invocation
   * under way and uploads not processed yet.
   */
  async function burstWhileLargeRenders(
    cloud: CliCloud,
    setup: Awaited<ReturnType<typeof prepare>>,
    burst = uploads,
  ) {
    const [large, ...rest] = burst;
    await uploadBurst(cloud, setup, large ? [large] : []);
    await eventually(async () => {
      expect((await rowStatuses(cloud, setup)).get(LARGE_PHOTO)).toBe("processing");
    }, 120_000);
    await uploadBurst(cloud, setup, rest);
  }

  /** Ctrl-C, then what `imgpipe start` prints when it has stopped. */
  async function interrupt(cloud: CliCloud) {
    cloud.signal("SIGINT");
    const exit = await cloud.exited;
    running.splice(running.indexOf(cloud), 1);
    return exit;
  }

  it("delivers, after Ctrl-C in the middle of a burst and a restart, every upload and webhook; a further restart delivers nothing", async () => {
    // Prepare: Ctrl-C while the large photo is being rendered and the burst is queued.
    const setup = await prepare("ctrl-c");
    const first = await start(setup);
    await burstWhileLargeRenders(first, setup);

    // Act
    const stopped = await interrupt(first);
    const heardBeforeRestart = eventsHeard(setup.owner).map((e) => e.data.imageId);
    const second = await start(setup);

    // Assess: the photo being rendered was finished and its webhook sent before the
    // stop; the rest was left to the next start, which did it all.
    expect(stopped).toEqual({ code: 0, signal: null });
    expect(heardBeforeRestart).toContain(LARGE_PHOTO);
    expect(first.output()).toMatch(/Saved for the next start: \d+ upload events?/);
    expect(first.output()).not.toMatch(/ECONNREFUSED|dead-lettered/);
    expect(second.output()).toMatch(/Resuming from the last run: \d+ upload events?/);
    await expectEverythingDelivered(second, setup);
    const { activity: before } = await control<{ activity: unknown[] }>(second, ALL_ACTIVITY);
    expect(await interrupt(second)).toEqual({ code: 0, signal: null });
    expect(second.output()).toContain("Stopped. Nothing was left undelivered.");

    // A restart with nothing owed: no invocation, no webhook.
    const heardBefore = receiver.received.length;
    const third = await start(setup);
    await sleep(3000);
    const { activity: after } = await control<{ activity: unknown[] }>(third, ALL_ACTIVITY);
    expect(third.output()).not.toContain("Resuming");
    expect(after).toEqual(before);
    expect(receiver.received.length).toBe(heardBefore);
    await interrupt(third);
  }, 400_000);

  it("delivers, after kill -9 in the middle of a burst and a restart, every upload and webhook, and leaves no row processing", async () => {
    // Prepare: a crash while the large photo is being rendered and the burst is queued.
    const setup = await prepare("kill-9");
    const first = await start(setup);
    await burstWhileLargeRenders(first, setup);

    // Act
    first.signal("SIGKILL");
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    running.splice(running.indexOf(first), 1);
    const second = await start(setup);

    // Assess: the large photo's row was found held and delivered again once its lease
    // expired; everything else came from the journals.
    expect(second.output()).toMatch(
      /Resuming from the last run: \d+ upload events?.*, \d+ images? left mid-processing/,
    );
    await expectEverythingDelivered(second, setup);
    await interrupt(second);
  }, 400_000);

  it("stops at once on a second Ctrl-C, and delivers what was left at the next start", async () => {
    // Prepare: a smaller burst: the large photo, three small ones and the bad file.
    const burst = [...uploads.slice(0, 4), ...uploads.slice(-1)];
    const setup = await prepare("twice");
    const first = await start(setup);
    await burstWhileLargeRenders(first, setup, burst);

    // Act
    first.signal("SIGINT");
    await eventually(async () => expect(first.output()).toContain("Stopping"));
    const stopped = await interrupt(first);
    const second = await start(setup);

    // Assess
    expect(stopped).toEqual({ code: 130, signal: null });
    expect(first.output()).toContain("Stopped at once");
    expect(second.output()).toMatch(/Resuming from the last run: \d+ upload events?/);
    await expectEverythingDelivered(second, setup, burst);
    await interrupt(second);
  }, 400_000);
});
