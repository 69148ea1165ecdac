import { GetObjectCommand } from "@aws-sdk/client-s3";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  IMAGES_BY_OWNER_INDEX,
  IMAGES_TABLE_TTL_ATTRIBUTE,
  parsePipelineConfig,
} from "@imgpipe/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.js";
import { photoJpeg } from "./support/images.js";
import { type PipelineHarness, startPipelineHarness } from "./support/pipelineHarness.js";

const config = parsePipelineConfig({ environment: "test" }, "test");

describe("the local pipeline, upload to webhook", () => {
  let pipeline: PipelineHarness;

  beforeAll(async () => {
    pipeline = await startPipelineHarness(config);
  });

  afterAll(() => pipeline?.stop());

  const upload = (imageId: string, fileName: string, body: Buffer, contentType: string) =>
    pipeline.upload(imageId, fileName, body, { contentType });
  const row = (imageId: string) => pipeline.row(imageId);
  const eventsFor = (imageId: string) => pipeline.eventsFor(imageId);

  it("renders every variant, records the image and tells the webhook once", async () => {
    await upload("sunset", "sunset.jpg", await photoJpeg(2400, 1600), "image/jpeg");

    const item = await eventually(async () => {
      const item = await row("sunset");
      expect(item?.status).toBe("processed");
      return item;
    });
    await pipeline.cloud.idle();

    expect(await pipeline.processedKeys("sunset")).toHaveLength(6);
    const expected = {
      thumb: [160, 160],
      medium: [640, 427],
      large: [1280, 853],
    } as const;
    for (const variant of item?.variants ?? []) {
      const object = await pipeline.clients.s3.send(
        new GetObjectCommand({
          Bucket: pipeline.cloud.resources.processedBucket,
          Key: variant.key,
        }),
      );
      const meta = await sharp(await object.Body?.transformToByteArray()).metadata();
      expect([meta.width, meta.height]).toEqual(expected[variant.name as keyof typeof expected]);
      expect(meta.format).toBe(variant.format);
      expect(object.ContentType).toBe(variant.contentType);
      expect(object.CacheControl).toBe("public, max-age=31536000, immutable");
    }
    expect(
      item?.variants.map((v: { name: string; format: string }) => `${v.name}.${v.format}`).sort(),
    ).toEqual([
      "large.jpeg",
      "large.webp",
      "medium.jpeg",
      "medium.webp",
      "thumb.jpeg",
      "thumb.webp",
    ]);
    expect(item?.source).toMatchObject({ format: "jpeg", width: 2400, height: 1600 });

    const events = eventsFor("sunset");
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe("image.processed");
    expect(
      events[0]?.type === "image.processed" && events[0].data.variants.map((v) => v.key).sort(),
    ).toEqual(item?.variants.map((v: { key: string }) => v.key).sort());
    const [delivery] = pipeline.receiver.received.filter((r) =>
      r.body.Message?.toString().includes("sunset"),
    );
    expect(delivery?.headers["x-amz-sns-message-type"]).toBe("Notification");
    expect(delivery?.body.MessageAttributes).toEqual({
      eventType: { Type: "String", Value: "image.processed" },
      ownerId: { Type: "String", Value: "alice" },
    });
  });

  it("records a text file named photo.jpg as failed, then still processes the next upload", async () => {
    await upload(
      "not-a-photo",
      "photo.jpg",
      Buffer.from("hello, I am not a picture\n".repeat(20)),
      "image/jpeg",
    );
    await upload("after-bad-input", "ok.jpg", await photoJpeg(800, 600), "image/jpeg");

    const failed = await eventually(async () => {
      const item = await row("not-a-photo");
      expect(item?.status).toBe("failed");
      return item;
    });
    expect(failed?.failure.code).toBe("unsupported_format");
    expect(failed?.failure.message).toMatch(/not an image in a supported format/);
    await eventually(async () => expect((await row("after-bad-input"))?.status).toBe("processed"));
    await pipeline.cloud.idle();

    const events = eventsFor("not-a-photo");
    expect(events.map((e) => e.type)).toEqual(["image.failed"]);
    expect(events[0]?.type === "image.failed" && events[0].data.reason.code).toBe(
      "unsupported_format",
    );
    expect(eventsFor("after-bad-input").map((e) => e.type)).toEqual(["image.processed"]);
    const original = await pipeline.clients.s3.send(
      new GetObjectCommand({
        Bucket: pipeline.cloud.resources.uploadsBucket,
        Key: "uploads/alice/not-a-photo/photo.jpg",
      }),
    );
    expect(await original.Body?.transformToString()).toContain("I am not a picture");
    expect(pipeline.cloud.deadLetters).toEqual([]);
  });

  it("lists an owner's images newest first through the owner index", async () => {
    const { Items = [] } = await pipeline.clients.dynamo.send(
      new QueryCommand({
        TableName: pipeline.cloud.resources.imagesTable,
        IndexName: IMAGES_BY_OWNER_INDEX.name,
        KeyConditionExpression: "ownerId = :owner",
        ExpressionAttributeValues: { ":owner": "alice" },
        ScanIndexForward: false,
      }),
    );

    expect(Items.map((item) => item.imageId)).toEqual(
      expect.arrayContaining(["sunset", "not-a-photo", "after-bad-input"]),
    );
    const created = Items.map((item) => String(item.createdAt));
    expect(created).toEqual([...created].sort().reverse());
    expect(Items.every((item) => item[IMAGES_TABLE_TTL_ATTRIBUTE] === undefined)).toBe(true);
  });

  it("keeps a pending row's createdAt and drops its expiry once the upload is processed", async () => {
    const createdAt = "2026-01-01T00:00:00.000Z";
    await pipeline.clients.dynamo.send(
      new PutCommand({
        TableName: pipeline.cloud.resources.imagesTable,
        Item: {
          ownerId: "alice",
          imageId: "announced",
          status: "pending",
          createdAt,
          [IMAGES_TABLE_TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + 3600,
        },
      }),
    );

    await upload("announced", "a.jpg", await photoJpeg(400, 300), "image/jpeg");

    const item = await eventually(async () => {
      const item = await row("announced");
      expect(item?.status).toBe("processed");
      return item;
    });
    expect(item?.createdAt).toBe(createdAt);
    expect(item?.[IMAGES_TABLE_TTL_ATTRIBUTE]).toBeUndefined();
  });
});
