import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalDynamoDb } from "../../src/dynamodb/startLocalDynamoDb.js";
import {
  HeldRows,
  heldRowAction,
  type ImageRowHold,
  type RowKey,
} from "../../src/events/heldRows.js";
import { LOCAL_CREDENTIALS } from "../../src/settings.js";
import { eventually } from "../support/eventually.js";
import { tempDir } from "../support/tempDir.js";

const NOW = Date.parse("2026-12-01T10:00:00Z");
const row = (hold: Partial<ImageRowHold>): ImageRowHold => ({
  ownerId: "alice",
  imageId: "cat",
  status: "processing",
  leaseUntil: NOW - 1000,
  updatedAt: "2026-12-01T09:59:00.000Z",
  ...hold,
});
const bus = { eventPending: false, deadLetteredAt: undefined };

describe("heldRowAction", () => {
  it("delivers again a row still processing whose lease has expired", () => {
    expect(heldRowAction(row({}), NOW, bus)).toEqual({ action: "redeliver" });
  });

  it("delivers again a finished row still under an expired lease: its event was not published", () => {
    expect(heldRowAction(row({ status: "processed" }), NOW, bus)).toEqual({
      action: "redeliver",
    });
  });

  it("waits for a lease that has not expired yet", () => {
    expect(heldRowAction(row({ leaseUntil: NOW + 5000 }), NOW, bus)).toEqual({
      action: "wait",
      untilMs: NOW + 5000,
    });
  });

  it("leaves a row the bus still owes an event for: that event will do", () => {
    expect(heldRowAction(row({}), NOW, { ...bus, eventPending: true })).toEqual({
      action: "leave",
      reason: "event-pending",
    });
  });

  it("leaves a row whose event was dead-lettered since it last changed, and not one before", () => {
    const later = { ...bus, deadLetteredAt: "2026-12-01T09:59:30.000Z" };
    const earlier = { ...bus, deadLetteredAt: "2026-12-01T09:00:00.000Z" };

    expect(heldRowAction(row({}), NOW, later)).toEqual({
      action: "leave",
      reason: "dead-lettered",
    });
    expect(heldRowAction(row({}), NOW, earlier)).toEqual({ action: "redeliver" });
  });

  it("leaves a row nobody holds", () => {
    expect(heldRowAction(row({ status: "processed", leaseUntil: 0 }), NOW, bus)).toEqual({
      action: "leave",
      reason: "not-held",
    });
  });
});

describe("HeldRows, on the local DynamoDB", () => {
  const table = "imgpipe-held-images";
  let data: Awaited<ReturnType<typeof tempDir>>;
  let dynamodb: Awaited<ReturnType<typeof startLocalDynamoDb>>;
  let client: DynamoDBDocumentClient;

  beforeAll(async () => {
    data = await tempDir("held");
    dynamodb = await startLocalDynamoDb({
      dataDir: data.path,
      port: 0,
      region: "us-east-1",
      imagesTable: table,
    });
    client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: dynamodb.endpoint,
        region: "us-east-1",
        credentials: LOCAL_CREDENTIALS,
      }),
    );
  });
  afterAll(async () => {
    client.destroy();
    await dynamodb.stop();
    await data.remove();
  });

  it("finds the rows a crash left held and delivers each again once its lease expires", async () => {
    // Prepare: one row whose lease ran out, one still leased for a moment, two not held.
    const put = (item: Record<string, unknown>) =>
      client.send(new PutCommand({ TableName: table, Item: item }));
    await put({ ownerId: "alice", imageId: "expired", status: "processing", leaseUntil: 1 });
    await put({
      ownerId: "alice",
      imageId: "leased",
      status: "processing",
      leaseUntil: Date.now() + 1500,
    });
    await put({ ownerId: "alice", imageId: "done", status: "processed", leaseUntil: 0 });
    await put({ ownerId: "bob", imageId: "owed", status: "processing", leaseUntil: 1 });
    const redelivered: RowKey[] = [];
    const held = new HeldRows({
      dynamo: client,
      imagesTable: table,
      pendingUploadKeys: () => ["uploads/bob/owed/photo.jpg"],
      deadLetters: () => [],
      redeliver: async (key) => {
        redelivered.push(key);
        return [`uploads/${key.ownerId}/${key.imageId}/photo.jpg`];
      },
      logger: pino({ level: "silent" }),
    });

    // Act
    const found = await held.start();

    // Assess
    expect(found).toBe(3);
    await eventually(async () => expect(redelivered).toHaveLength(2), 10_000);
    expect(redelivered).toEqual([
      { ownerId: "alice", imageId: "expired" },
      { ownerId: "alice", imageId: "leased" },
    ]);
    await held.stop();
  });
});
