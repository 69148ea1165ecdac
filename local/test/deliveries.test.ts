import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { type ObjectCreatedEvent, type PipelineConfig, parsePipelineConfig } from "@imgpipe/core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processImageFunction } from "../src/lambda/localFunctions.js";
import type { LocalLambda } from "../src/lambda/localLambda.js";
import { eventually } from "./support/eventually.js";
import { photoJpeg } from "./support/images.js";
import { type PipelineHarness, startPipelineHarness } from "./support/pipelineHarness.js";

const config = parsePipelineConfig({ environment: "test" }, "test");

/** A bucket no EventBridge rule watches: uploads there reach the function only when a test says so. */
const STAGING_BUCKET = "imgpipe-test-staging";

/** The "Object Created" event S3 would send for an upload, as EventBridge delivers it. */
function objectCreated(
  bucket: string,
  key: string,
  etag: string,
  sequencer: string,
): ObjectCreatedEvent {
  return {
    version: "0",
    id: `test-${sequencer}`,
    "detail-type": "Object Created",
    source: "aws.s3",
    account: "000000000000",
    time: new Date().toISOString(),
    region: config.region,
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: "0",
      bucket: { name: bucket },
      object: { key, etag, sequencer },
      reason: "PutObject",
    },
  };
}

/**
 * A second process-image on the harness's services, for delivering crafted events
 * directly (duplicates, stale or out-of-order ones), with its own staging bucket.
 */
async function directInvoker(pipeline: PipelineHarness, config: PipelineConfig) {
  const processImage = processImageFunction({
    config,
    endpoints: pipeline.cloud.endpoints,
    resources: pipeline.cloud.resources,
    logLevel: "silent",
    logger: pino({ level: "silent" }),
  });
  await pipeline.clients.s3.send(new CreateBucketCommand({ Bucket: STAGING_BUCKET }));
  return processImage;
}

describe("the local pipeline, given events delivered twice or out of order", () => {
  let pipeline: PipelineHarness;
  let processImage: LocalLambda;

  beforeAll(async () => {
    pipeline = await startPipelineHarness(config);
    processImage = await directInvoker(pipeline, config);
  });

  afterAll(async () => {
    await processImage?.stop();
    await pipeline?.stop();
  });

  async function processedRow(imageId: string, revision?: string) {
    return eventually(async () => {
      const row = await pipeline.row(imageId);
      expect(row?.status).toBe("processed");
      if (revision) expect(row?.source.revision).toBe(revision);
      return row;
    });
  }

  it("renders an upload delivered twice once, and publishes one image.processed", async () => {
    const { key, etag } = await pipeline.upload("twice", "a.jpg", await photoJpeg(1600, 1200));
    const row = await processedRow("twice", etag);
    await pipeline.cloud.idle();
    const outputs = await pipeline.processedKeys("twice");

    const redelivery = objectCreated(
      pipeline.cloud.resources.uploadsBucket,
      key,
      etag,
      row?.sequencer,
    );
    const outcomes = [
      await processImage.invoke(redelivery),
      ...(await Promise.all([processImage.invoke(redelivery), processImage.invoke(redelivery)])),
    ];
    await pipeline.cloud.idle();

    expect(outcomes).toEqual(Array(3).fill({ status: "skipped", reason: "duplicate" }));
    expect(pipeline.eventsFor("twice").map((e) => e.type)).toEqual(["image.processed"]);
    expect(await pipeline.processedKeys("twice")).toEqual(outputs);
    expect((await pipeline.row("twice"))?.updatedAt).toBe(row?.updatedAt);
  });

  it("processes one of two copies of a new upload delivered at the same moment", async () => {
    const { key, etag } = await pipeline.upload("at-once", "b.jpg", await photoJpeg(1600, 1200), {
      bucket: STAGING_BUCKET,
    });
    const event = objectCreated(STAGING_BUCKET, key, etag, "0A");

    const outcomes = await Promise.all([processImage.invoke(event), processImage.invoke(event)]);
    await pipeline.cloud.idle();

    const statuses = outcomes.map((o) => (o as { status: string }).status).sort();
    expect(statuses).toEqual(["processed", "skipped"]);
    expect(pipeline.eventsFor("at-once").map((e) => e.type)).toEqual(["image.processed"]);
    expect(await pipeline.processedKeys("at-once")).toHaveLength(6);
  });

  it("keeps the newer upload when a late duplicate of the older one arrives", async () => {
    const first = await pipeline.upload("replaced", "c.jpg", await photoJpeg(1200, 800));
    const older = await processedRow("replaced", first.etag);
    const second = await pipeline.upload("replaced", "c.jpg", await photoJpeg(800, 1200));
    const newer = await processedRow("replaced", second.etag);
    await pipeline.cloud.idle();

    const late = objectCreated(
      pipeline.cloud.resources.uploadsBucket,
      first.key,
      first.etag,
      older?.sequencer,
    );
    const outcome = await processImage.invoke(late);
    await pipeline.cloud.idle();

    expect(outcome).toEqual({ status: "skipped", reason: "superseded" });
    const row = await pipeline.row("replaced");
    expect(row?.source).toEqual(newer?.source);
    expect(row?.source).toMatchObject({ width: 800, height: 1200 });
    const events = pipeline.eventsFor("replaced");
    expect(events.map((e) => [e.type, e.data.source?.revision])).toEqual([
      ["image.processed", first.etag],
      ["image.processed", second.etag],
    ]);
    // The replaced upload's variants are gone; the row's are all that is left.
    const listed = ((row?.variants ?? []) as { key: string }[]).map((v) => v.key);
    expect(await pipeline.processedKeys("replaced")).toEqual(listed.sort());
  });

  it("skips an event whose upload has been overwritten since, leaving it to the newer event", async () => {
    const first = await pipeline.upload("overwritten", "d.jpg", await photoJpeg(600, 400), {
      bucket: STAGING_BUCKET,
    });
    const second = await pipeline.upload("overwritten", "d.jpg", await photoJpeg(400, 600), {
      bucket: STAGING_BUCKET,
    });

    const stale = await processImage.invoke(
      objectCreated(STAGING_BUCKET, first.key, first.etag, "01"),
    );
    const current = await processImage.invoke(
      objectCreated(STAGING_BUCKET, second.key, second.etag, "02"),
    );
    await pipeline.cloud.idle();

    expect(stale).toEqual({ status: "skipped", reason: "stale_event" });
    expect(current).toEqual({ status: "processed", variants: 6 });
    expect((await pipeline.row("overwritten"))?.source).toMatchObject({
      revision: second.etag,
      width: 400,
      height: 600,
    });
    expect(pipeline.eventsFor("overwritten")).toHaveLength(1);
  });
});

describe("the local pipeline, given a newer upload while an older one is still rendering", () => {
  // AVIF at effort 6 keeps a large photo rendering for seconds: time enough to overtake it.
  const slow = parsePipelineConfig(
    {
      environment: "test",
      variants: [{ name: "large", width: 1280, formats: [{ format: "avif", effort: 6 }] }],
      // Slow on purpose: on a busy machine the render may pass Lambda's usual 60 s.
      functions: { processImage: { timeoutSeconds: 900 } },
    },
    "test",
  );
  let pipeline: PipelineHarness;
  let processImage: LocalLambda;

  beforeAll(async () => {
    pipeline = await startPipelineHarness(slow);
    processImage = await directInvoker(pipeline, slow);
  });

  afterAll(async () => {
    await processImage?.stop();
    await pipeline?.stop();
  });

  it("lets the newer upload win and keeps the older one silent", async () => {
    const older = await pipeline.upload("race", "e.jpg", await photoJpeg(2400, 1600), {
      bucket: STAGING_BUCKET,
    });
    const olderOutcome = processImage.invoke(
      objectCreated(STAGING_BUCKET, older.key, older.etag, "10"),
    );
    await eventually(async () => expect((await pipeline.row("race"))?.status).toBe("processing"));

    const newer = await pipeline.upload("race", "e.jpg", await photoJpeg(300, 200), {
      bucket: STAGING_BUCKET,
    });
    const newerOutcome = await processImage.invoke(
      objectCreated(STAGING_BUCKET, newer.key, newer.etag, "11"),
    );
    await pipeline.cloud.idle();

    expect(newerOutcome).toEqual({ status: "processed", variants: 1 });
    expect(await olderOutcome).toEqual({ status: "skipped", reason: "superseded" });
    await pipeline.cloud.idle();
    const row = await pipeline.row("race");
    expect(row).toMatchObject({ status: "processed" });
    expect(row?.source).toMatchObject({ revision: newer.etag, width: 300, height: 200 });
    expect(pipeline.eventsFor("race").map((e) => [e.type, e.data.source?.revision])).toEqual([
      ["image.processed", newer.etag],
    ]);
    const listed = ((row?.variants ?? []) as { key: string }[]).map((v) => v.key);
    expect(await pipeline.processedKeys("race")).toEqual(listed.sort());
  });
});

describe("the local pipeline, given a changed variant setting", () => {
  const before = parsePipelineConfig(
    {
      environment: "test",
      variants: [
        {
          name: "thumb",
          width: 160,
          height: 160,
          fit: "cover",
          formats: [{ format: "webp", quality: 80 }],
        },
        { name: "large", width: 1280, formats: ["webp"] },
      ],
    },
    "test",
  );
  const after = parsePipelineConfig(
    {
      ...before,
      variants: [
        { ...before.variants[0], formats: [{ format: "webp", quality: 60 }] },
        before.variants[1],
      ],
    },
    "test",
  );
  let pipeline: PipelineHarness;
  let reconfigured: LocalLambda;

  beforeAll(async () => {
    pipeline = await startPipelineHarness(before);
    reconfigured = await directInvoker(pipeline, after);
  });

  afterAll(async () => {
    await reconfigured?.stop();
    await pipeline?.stop();
  });

  it("writes the changed variant under a new key, keeps the unchanged one, and removes the old", async () => {
    const upload = await pipeline.upload("tuned", "t.jpg", await photoJpeg(1600, 1200));
    const first = await eventually(async () => {
      const row = await pipeline.row("tuned");
      expect(row?.status).toBe("processed");
      return ((row?.variants ?? []) as { key: string }[]).map((v) => v.key);
    });

    const outcome = await reconfigured.invoke(
      objectCreated(
        pipeline.cloud.resources.uploadsBucket,
        upload.key,
        upload.etag,
        "F".repeat(32),
      ),
    );

    expect(outcome).toEqual({ status: "processed", variants: 2 });
    const second = (((await pipeline.row("tuned"))?.variants ?? []) as { key: string }[]).map(
      (v) => v.key,
    );
    const [thumbBefore, largeBefore] = first;
    const [thumbAfter, largeAfter] = second;
    expect(thumbAfter).not.toBe(thumbBefore);
    expect(largeAfter).toBe(largeBefore);
    expect(await pipeline.processedKeys("tuned")).toEqual([...second].sort());
  });
});
