import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  IMAGES_BY_OWNER_INDEX,
  IMAGES_TABLE_TTL_ATTRIBUTE,
  type ImageEvent,
  parsePipelineConfig,
  uploadKey,
} from "@imgpipe/core";
import { pino } from "pino";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "../src/localCloud.js";
import { eventually } from "./support/eventually.js";
import { photoJpeg } from "./support/images.js";
import { localClients } from "./support/localClients.js";
import { startWebhookReceiver } from "./support/webhookReceiver.js";

const config = parsePipelineConfig({ environment: "test" }, "test");

describe("the local pipeline, upload to webhook", () => {
  let cloud: LocalCloud;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let clients: ReturnType<typeof localClients>;
  let dataDir: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    dataDir = await mkdtemp(join(tmpdir(), "imgpipe-pipeline-"));
    cloud = await startLocalCloud({
      config: { ...config, webhooks: [{ url: receiver.url }] },
      dataDir,
      ports: { s3: 0, dynamodb: 0, sns: 0 },
      logger: pino({ level: "silent" }),
      functionLogLevel: "silent",
    });
    clients = localClients(cloud, config.region);
  });

  afterAll(async () => {
    await cloud?.stop();
    await receiver?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function upload(imageId: string, fileName: string, body: Buffer, contentType: string) {
    const key = uploadKey({ ownerId: "alice", imageId, fileName });
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: cloud.resources.uploadsBucket,
        Key: key,
        Body: body,
        ContentType: contentType,
      }),
    );
    return key;
  }

  async function row(imageId: string) {
    const { Item } = await clients.dynamo.send(
      new GetCommand({
        TableName: cloud.resources.imagesTable,
        Key: { ownerId: "alice", imageId },
      }),
    );
    return Item;
  }

  const eventsFor = (imageId: string) =>
    receiver.messages().filter((m: ImageEvent) => m.data.imageId === imageId) as ImageEvent[];

  it("renders every variant, records the image and tells the webhook once", async () => {
    await upload("sunset", "sunset.jpg", await photoJpeg(2400, 1600), "image/jpeg");

    const item = await eventually(async () => {
      const item = await row("sunset");
      expect(item?.status).toBe("processed");
      return item;
    });
    await cloud.idle();

    const listed = await clients.s3.send(
      new ListObjectsV2Command({
        Bucket: cloud.resources.processedBucket,
        Prefix: "images/alice/sunset/",
      }),
    );
    expect(listed.Contents).toHaveLength(6);
    const expected = {
      thumb: [160, 160],
      medium: [640, 427],
      large: [1280, 853],
    } as const;
    for (const variant of item?.variants ?? []) {
      const object = await clients.s3.send(
        new GetObjectCommand({ Bucket: cloud.resources.processedBucket, Key: variant.key }),
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
    const [delivery] = receiver.received.filter((r) =>
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
    await cloud.idle();

    const events = eventsFor("not-a-photo");
    expect(events.map((e) => e.type)).toEqual(["image.failed"]);
    expect(events[0]?.type === "image.failed" && events[0].data.reason.code).toBe(
      "unsupported_format",
    );
    expect(eventsFor("after-bad-input").map((e) => e.type)).toEqual(["image.processed"]);
    const original = await clients.s3.send(
      new GetObjectCommand({
        Bucket: cloud.resources.uploadsBucket,
        Key: "uploads/alice/not-a-photo/photo.jpg",
      }),
    );
    expect(await original.Body?.transformToString()).toContain("I am not a picture");
    expect(cloud.deadLetters).toEqual([]);
  });

  it("lists an owner's images newest first through the owner index", async () => {
    const { Items = [] } = await clients.dynamo.send(
      new QueryCommand({
        TableName: cloud.resources.imagesTable,
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
});
