import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DeleteBucketCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import {
  ConfirmSubscriptionCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { parsePipelineConfig } from "@imgpipe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "../src/localCloud.js";
import { LOCAL_CREDENTIALS } from "../src/settings.js";
import { eventually } from "./support/eventually.js";
import { photoJpeg } from "./support/images.js";
import { localClients } from "./support/localClients.js";
import { runCli } from "./support/runCli.js";
import { tempDir } from "./support/tempDir.js";
import { startTestCloud } from "./support/testCloud.js";
import { startWebhookReceiver } from "./support/webhookReceiver.js";

const config = parsePipelineConfig({ environment: "ops" }, "test");

describe("operating the local cloud: dead letters, restarts and the CLI", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let cloud: LocalCloud;

  const start = async () => {
    cloud = await startTestCloud({
      config,
      dataDir: data.path,
      eventRetryTimeScale: 0.001,
    });
    return localClients(cloud, config.region);
  };

  const imgpipe = (...args: string[]) => runCli(cloud, data.path, ...args);

  beforeAll(async () => {
    data = await tempDir("ops");
    receiver = await startWebhookReceiver();
    await start();
  });
  afterAll(async () => {
    await cloud?.stop();
    await receiver.close();
    await data.remove();
  });

  it("retries a failing target by the rule's policy until it dead-letters the event, keeps it across a restart, and reprocesses it", async () => {
    // The processed bucket disappears: process-image fails on every attempt.
    const clients = localClients(cloud, config.region);
    await clients.s3.send(new DeleteBucketCommand({ Bucket: cloud.resources.processedBucket }));
    await writeFile(join(data.path, "dead.jpg"), await photoJpeg(640, 480));

    await imgpipe("upload", "dead.jpg", "--id", "doomed", "--timeout", "1").catch(() => undefined);
    await cloud.idle();

    expect(cloud.deadLetters).toHaveLength(1);
    expect(cloud.deadLetters[0]).toMatchObject({
      rule: "imgpipe-ops-new-upload",
      key: "uploads/demo/doomed/dead.jpg",
      error: expect.stringMatching(/NoSuchBucket|bucket/i),
    });
    // The policy's schedule at a thousandth of real time: 1 s, 2 s, 4 s… become ms; on a
    // loaded machine the scaled maximum age (3.6 s) may allow fewer retries.
    const attempts = cloud.deadLetters[0]?.attempt ?? 0;
    const retries = cloud.activity.recent().filter((a) => a.kind === "event.retrying");
    expect(retries.map((r) => r.kind === "event.retrying" && r.retryInMs)).toEqual(
      [1, 2, 4, 8, 16, 32, 64, 128, 256, 300].slice(0, attempts - 1),
    );
    expect(attempts).toBeGreaterThanOrEqual(1);

    await cloud.stop();
    const restarted = await start();

    expect(cloud.deadLetters.map((d) => d.key)).toEqual(["uploads/demo/doomed/dead.jpg"]);
    expect(await imgpipe("events")).toMatch(
      new RegExp(`1 dead letter\\(s\\)[\\s\\S]*doomed/dead\\.jpg after ${attempts} attempts`),
    );
    expect(await imgpipe("reprocess", "doomed")).toContain("queued uploads/demo/doomed/dead.jpg");
    await cloud.idle();
    const { Item } = await restarted.dynamo.send(
      new GetCommand({
        TableName: cloud.resources.imagesTable,
        Key: { ownerId: "demo", imageId: "doomed" },
      }),
    );
    expect(Item?.status).toBe("processed");
  });

  it("keeps objects, rows and subscriptions across a restart", async () => {
    const sns = () =>
      new SNSClient({
        endpoint: cloud.endpoints.sns,
        region: config.region,
        credentials: LOCAL_CREDENTIALS,
      });
    const topicArn = cloud.resources.eventsTopicArn;
    await sns().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: "http", Endpoint: receiver.url }),
    );
    const confirmation = await eventually(async () => {
      const found = receiver.received.find((r) => r.body.Type === "SubscriptionConfirmation");
      expect(found).toBeDefined();
      return found;
    });
    await sns().send(
      new ConfirmSubscriptionCommand({
        TopicArn: topicArn,
        Token: String(confirmation?.body.Token),
      }),
    );
    await writeFile(join(data.path, "kept.jpg"), await photoJpeg(320, 240));
    const uploaded = await imgpipe("upload", "kept.jpg", "--owner", "bob", "--id", "kept");
    const variantUrl = /http:\S+\/thumb\.[0-9a-f]+\.webp/.exec(uploaded)?.[0] ?? "";

    await cloud.stop();
    const clients = await start();

    const { Item } = await clients.dynamo.send(
      new GetCommand({
        TableName: cloud.resources.imagesTable,
        Key: { ownerId: "bob", imageId: "kept" },
      }),
    );
    expect(Item?.status).toBe("processed");
    const original = await clients.s3.send(
      new GetObjectCommand({
        Bucket: cloud.resources.uploadsBucket,
        Key: "uploads/bob/kept/kept.jpg",
      }),
    );
    expect(original.ContentLength).toBeGreaterThan(0);
    const thumb = await fetch(variantUrl.replace(/^http:\/\/[^/]+/, cloud.endpoints.cdn));
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    const { Subscriptions } = await sns().send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }),
    );
    expect(Subscriptions?.map((s) => s.Endpoint)).toEqual([receiver.url]);
    expect(await imgpipe("ls")).toMatch(/bob\s+kept\s+processed\s+6 variants/);
  });

  it("mints tokens for a named user from the CLI", async () => {
    const token = (await imgpipe("token", "alice", "--scope", "images/write")).trim();

    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
    expect(claims).toMatchObject({ sub: "alice", scope: "images/write", aud: "imgpipe-ops-api" });
  });
});
