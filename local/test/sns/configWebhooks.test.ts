import { ListSubscriptionsByTopicCommand, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActivityLog } from "../../src/activity/activityLog.js";
import { LOCAL_CREDENTIALS } from "../../src/settings.js";
import { type LocalSns, startLocalSns } from "../../src/sns/startLocalSns.js";
import { tempDir } from "../support/tempDir.js";
import { startWebhookReceiver } from "../support/webhookReceiver.js";

const TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:imgpipe-test-events";

describe("the config's webhooks as SNS subscriptions", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let activity: ActivityLog;
  let sns: LocalSns;

  async function start(webhooks: { url: string; events?: string[] }[]) {
    activity = await ActivityLog.open(`${data.path}/activity.jsonl`);
    sns = await startLocalSns({
      port: 0,
      dataDir: data.path,
      account: "000000000000",
      region: "us-east-1",
      topic: "imgpipe-test-events",
      webhooks,
      activity,
      logger: pino({ level: "silent" }),
    });
    return new SNSClient({
      endpoint: sns.endpoint,
      region: "us-east-1",
      credentials: LOCAL_CREDENTIALS,
    });
  }
  async function restart(webhooks: { url: string; events?: string[] }[]) {
    await sns.stop();
    await activity.flushed();
    return start(webhooks);
  }
  const publish = (client: SNSClient, eventType: string) =>
    client.send(
      new PublishCommand({
        TopicArn: TOPIC_ARN,
        Message: eventType,
        MessageAttributes: { eventType: { DataType: "String", StringValue: eventType } },
      }),
    );
  const notifications = () =>
    receiver.received.filter((r) => r.body.Type === "Notification").map((r) => r.body.Message);

  beforeAll(async () => {
    data = await tempDir("config-webhooks");
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await sns.stop();
    await activity.flushed();
    await receiver.close();
    await data.remove();
  });

  it("sends one SubscriptionConfirmation, then delivers without waiting for it, filtered by events", async () => {
    const client = await start([{ url: receiver.url, events: ["image.failed"] }]);

    await publish(client, "image.processed");
    await publish(client, "image.failed");
    await sns.idle();

    expect(receiver.received.map((r) => r.body.Type).filter((t) => t !== "Notification")).toEqual([
      "SubscriptionConfirmation",
    ]);
    expect(notifications()).toEqual(["image.failed"]);
  });

  it("does not confirm again after a restart, and follows a change of events", async () => {
    const client = await restart([{ url: receiver.url }]);

    await publish(client, "image.processed");
    await sns.idle();

    expect(
      receiver.received.filter((r) => r.body.Type === "SubscriptionConfirmation"),
    ).toHaveLength(1);
    expect(notifications()).toEqual(["image.failed", "image.processed"]);
  });

  it("unsubscribes a webhook removed from the config", async () => {
    const client = await restart([]);

    const { Subscriptions } = await client.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }),
    );
    await publish(client, "image.failed");
    await sns.idle();

    expect(Subscriptions).toEqual([]);
    expect(notifications()).toHaveLength(2);
  });
});
