import {
  DeleteObjectsCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  EventPublisher,
  type ImageEvent,
  type ObjectCreatedEvent,
  parsePipelineConfig,
} from "@imgpipe/core";
import { mockClient } from "aws-sdk-client-mock";
import { pino } from "pino";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ImageStorage } from "../src/imageStorage.js";
import { MetadataStore } from "../src/metadataStore.js";
import { type ProcessUploadDeps, processUpload } from "../src/processUpload.js";
import { type ImagesTable, startImagesTable, TABLE } from "./support/imagesTable.js";

const config = parsePipelineConfig({ environment: "test" }, "test");
const NOW = new Date("2026-12-01T10:00:00Z");

/** The "Object Created" event S3 sends through EventBridge for one upload. */
function objectCreated(key: string, etag: string, sequencer = "0A"): ObjectCreatedEvent {
  return {
    version: "0",
    id: "event-1",
    "detail-type": "Object Created",
    source: "aws.s3",
    account: "000000000000",
    time: NOW.toISOString(),
    region: "us-east-1",
    resources: [],
    detail: {
      version: "0",
      bucket: { name: "uploads" },
      object: { key, etag, sequencer, size: 1 },
    },
  };
}

/** A GetObject answer with `bytes`, as the SDK hands it out. */
function objectBody(bytes: Buffer, etag: string): GetObjectCommandOutput {
  const body = {
    transformToByteArray: async () => new Uint8Array(bytes),
    transformToWebStream: () => new ReadableStream(),
  };
  return {
    $metadata: {},
    ContentLength: bytes.length,
    ETag: `"${etag}"`,
    Body: body as unknown as GetObjectCommandOutput["Body"],
  };
}

describe("processUpload", () => {
  let table: ImagesTable;
  const s3 = mockClient(S3Client);
  const sns = mockClient(SNSClient);
  let deps: ProcessUploadDeps;
  let photo: Buffer;
  let n = 0;
  const nextId = () => `img-${++n}`;

  beforeAll(async () => {
    table = await startImagesTable();
    photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#3366aa" } })
      .jpeg()
      .toBuffer();
  });
  afterAll(() => table?.stop());

  beforeEach(() => {
    s3.reset();
    sns.reset();
    s3.on(PutObjectCommand).resolves({});
    s3.on(DeleteObjectsCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: "m" });
    deps = {
      settings: config,
      storage: new ImageStorage(new S3Client({ region: "us-east-1" }), "processed"),
      metadata: new MetadataStore(table.dynamo, TABLE),
      events: new EventPublisher(
        new SNSClient({ region: "us-east-1" }),
        "arn:aws:sns:us-east-1:0:events",
      ),
      logger: pino({ level: "silent" }),
      now: () => NOW,
      deadline: NOW.getTime() + 60_000,
    };
  });

  const published = (): ImageEvent[] =>
    sns.commandCalls(PublishCommand).map((call) => JSON.parse(call.args[0].input.Message ?? ""));
  const writtenKeys = () =>
    s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key ?? "");

  it("renders every variant, records a processed row and publishes one image.processed", async () => {
    const id = nextId();
    s3.on(GetObjectCommand).resolves(objectBody(photo, "e1"));

    const outcome = await processUpload(objectCreated(`uploads/alice/${id}/a.jpg`, "e1"), deps);

    expect(outcome).toEqual({ status: "processed", variants: 6 });
    expect(writtenKeys()).toHaveLength(6);
    expect(writtenKeys().every((key) => key.startsWith(`images/alice/${id}/`))).toBe(true);
    const row = await table.row("alice", id);
    expect(row).toMatchObject({ status: "processed", source: { width: 800, height: 600 } });
    expect(row).not.toHaveProperty("pendingEvent");
    expect(published().map((event) => event.type)).toEqual(["image.processed"]);
  });

  it("records an upload that is no image as failed, stores nothing and publishes image.failed", async () => {
    const id = nextId();
    s3.on(GetObjectCommand).resolves(objectBody(Buffer.from("hello, not a photo"), "e2"));

    const outcome = await processUpload(objectCreated(`uploads/alice/${id}/a.jpg`, "e2"), deps);

    expect(outcome).toEqual({ status: "failed", code: "unsupported_format" });
    expect(writtenKeys()).toEqual([]);
    expect(await table.row("alice", id)).toMatchObject({
      status: "failed",
      failure: { code: "unsupported_format" },
    });
    expect(published().map((event) => event.type)).toEqual(["image.failed"]);
  });

  it("skips a key outside the upload layout without reading anything", async () => {
    const outcome = await processUpload(objectCreated("uploads/not-enough-parts.jpg", "e"), deps);

    expect(outcome).toEqual({ status: "skipped", reason: "invalid_key" });
    expect(s3.calls()).toHaveLength(0);
  });

  it("skips an upload deleted since its event", async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: "gone", $metadata: {} }));

    const outcome = await processUpload(
      objectCreated(`uploads/alice/${nextId()}/a.jpg`, "e"),
      deps,
    );

    expect(outcome).toEqual({ status: "skipped", reason: "upload_gone" });
  });

  it("renders a redelivered upload once", async () => {
    const id = nextId();
    s3.on(GetObjectCommand).resolves(objectBody(photo, "e3"));
    const event = objectCreated(`uploads/alice/${id}/a.jpg`, "e3");

    await processUpload(event, deps);
    const again = await processUpload(event, deps);

    expect(again).toEqual({ status: "skipped", reason: "duplicate" });
    expect(published()).toHaveLength(1);
  });

  it("does nothing for an image its owner deleted before the delivery", async () => {
    const id = nextId();
    await table.put({ ownerId: "alice", imageId: id, status: "deleted", rowVersion: 1 });

    const outcome = await processUpload(objectCreated(`uploads/alice/${id}/a.jpg`, "e4"), deps);

    expect(outcome).toEqual({ status: "skipped", reason: "deleted" });
    expect(s3.calls()).toHaveLength(0);
    expect(published()).toEqual([]);
  });

  it("removes the variants it wrote when the image is deleted while it renders", async () => {
    const id = nextId();
    s3.on(GetObjectCommand).resolves(objectBody(photo, "e5"));
    let deleted = false;
    s3.on(PutObjectCommand).callsFake(async () => {
      if (deleted) return {};
      deleted = true;
      // The API's delete: a tombstone written over the version process-image claimed.
      await table.dynamo.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: { ownerId: "alice", imageId: id },
          UpdateExpression: "SET #s = :deleted, rowVersion = rowVersion + :one",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":deleted": "deleted", ":one": 1 },
        }),
      );
      return {};
    });

    const outcome = await processUpload(objectCreated(`uploads/alice/${id}/a.jpg`, "e5"), deps);

    expect(outcome).toEqual({ status: "skipped", reason: "deleted" });
    const removed = s3
      .commandCalls(DeleteObjectsCommand)
      .flatMap((call) => (call.args[0].input.Delete?.Objects ?? []).map((object) => object.Key));
    expect(removed.sort()).toEqual(writtenKeys().sort());
    expect(published()).toEqual([]);
    expect((await table.row("alice", id))?.status).toBe("deleted");
  });

  it("publishes on redelivery the event an attempt recorded but could not send", async () => {
    const id = nextId();
    s3.on(GetObjectCommand).resolves(objectBody(photo, "e6"));
    sns.on(PublishCommand).rejectsOnce(new Error("SNS is down")).resolves({ MessageId: "m" });
    const event = objectCreated(`uploads/alice/${id}/a.jpg`, "e6");

    await expect(processUpload(event, deps)).rejects.toThrow("SNS is down");
    const retried = await processUpload(event, deps);

    expect(retried).toEqual({ status: "published", eventType: "image.processed" });
    expect(writtenKeys()).toHaveLength(6);
    expect(await table.row("alice", id)).not.toHaveProperty("pendingEvent");
  });
});
