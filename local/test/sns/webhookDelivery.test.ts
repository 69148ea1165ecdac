import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { WebhookInput } from "@imgpipe/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ActivityLog } from "../../src/activity/activityLog.js";
import type { LocalSns } from "../../src/sns/startLocalSns.js";
import { tempDir } from "../support/tempDir.js";
import { startTestSns, TEST_TOPIC_ARN } from "../support/testSns.js";
import { startWebhookReceiver } from "../support/webhookReceiver.js";

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
/** Three quick retries, one second apart: the policy runs out within seconds. */
const QUICK = { retries: 2, minDelaySeconds: 1, maxDelaySeconds: 1 } as const;

describe("config webhooks through the local SNS", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let sns: LocalSns;
  let activity: ActivityLog;
  let client: SNSClient;
  const receivers: Receiver[] = [];

  async function start(webhooks: WebhookInput[]) {
    ({ sns, activity, client } = await startTestSns(data.path, webhooks));
  }
  async function receiver(failures = 0) {
    const r = await startWebhookReceiver({ failures });
    receivers.push(r);
    return r;
  }
  const publish = (eventType: string, ownerId: string) =>
    client.send(
      new PublishCommand({
        TopicArn: TEST_TOPIC_ARN,
        Message: JSON.stringify({ type: eventType, data: { ownerId } }),
        MessageAttributes: {
          eventType: { DataType: "String", StringValue: eventType },
          ownerId: { DataType: "String", StringValue: ownerId },
        },
      }),
    );
  const takenBy = (r: Receiver) => r.accepted().map((body) => JSON.parse(String(body.Message)));

  beforeEach(async () => {
    data = await tempDir("webhook-delivery");
  });
  afterEach(async () => {
    await sns.stop();
    await activity.flushed();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await data.remove();
  });

  it("delivers only the event types and owners each webhook chose", async () => {
    const failures = await receiver();
    const alice = await receiver();
    const everything = await receiver();
    await start([
      { name: "failures", url: failures.url, events: ["image.failed"] },
      { name: "alice", url: alice.url, owners: ["alice"], events: ["image.processed"] },
      { name: "everything", url: everything.url },
    ]);

    await publish("image.processed", "alice");
    await publish("image.failed", "alice");
    await publish("image.processed", "bob");
    await sns.idle();

    expect(takenBy(failures)).toEqual([{ type: "image.failed", data: { ownerId: "alice" } }]);
    expect(takenBy(alice)).toEqual([{ type: "image.processed", data: { ownerId: "alice" } }]);
    expect(takenBy(everything)).toHaveLength(3);
  });

  it("gives a receiver that fails twice, then succeeds, the message once", async () => {
    const flaky = await receiver(2);
    await start([{ name: "flaky", url: flaky.url, delivery: QUICK }]);

    await publish("image.processed", "alice");
    await sns.idle();

    const attempts = flaky.received.filter((r) => r.body.Type === "Notification");
    expect(attempts).toHaveLength(3);
    expect(takenBy(flaky)).toEqual([{ type: "image.processed", data: { ownerId: "alice" } }]);
    expect(sns.deadLetters()).toEqual([]);
  });

  it("dead-letters what an always-failing receiver never took, and redrive delivers it once it is back", async () => {
    const down = await receiver(Number.POSITIVE_INFINITY);
    await start([{ name: "down", url: down.url, delivery: QUICK }]);
    await publish("image.failed", "alice");
    await sns.idle();
    const [letter] = sns.deadLetters();

    expect(sns.deadLetters()).toHaveLength(1);
    expect(letter).toMatchObject({
      endpoint: down.url,
      attempts: 3,
      lastStatus: 500,
      message: { Type: "Notification", TopicArn: TEST_TOPIC_ARN },
    });
    expect(takenBy(down)).toEqual([]);

    down.failNext(0);
    const { sent } = await sns.redrive();
    await sns.idle();

    expect(sent.map((l) => l.id)).toEqual([letter?.id]);
    expect(takenBy(down)).toEqual([{ type: "image.failed", data: { ownerId: "alice" } }]);
    const [redriven] = down.accepted();
    expect(redriven?.MessageId).toBe(letter?.message.MessageId);
    expect(Date.parse(String(redriven?.Timestamp))).toBeGreaterThan(Date.parse(letter?.at ?? ""));
    expect(sns.deadLetters()).toEqual([]);
  });

  it("keeps dead letters across a restart, and dead-letters again what fails on redrive", async () => {
    const down = await receiver(Number.POSITIVE_INFINITY);
    await start([{ name: "down", url: down.url, delivery: QUICK }]);
    await publish("image.processed", "bob");
    await sns.idle();
    await sns.stop();
    await start([{ name: "down", url: down.url, delivery: QUICK }]);

    const kept = sns.deadLetters();
    await sns.redrive(kept.map((l) => l.id));
    await sns.idle();

    expect(kept).toHaveLength(1);
    expect(sns.deadLetters()).toHaveLength(1);
    expect(sns.deadLetters()[0]?.message.MessageId).toBe(kept[0]?.message.MessageId);
    expect(takenBy(down)).toEqual([]);
  });
});
