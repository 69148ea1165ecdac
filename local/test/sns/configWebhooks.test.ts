import {
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  type SNSClient,
} from "@aws-sdk/client-sns";
import type { WebhookInput } from "@imgpipe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityLog } from "../../src/activity/activityLog.js";
import type { LocalSns } from "../../src/sns/startLocalSns.js";
import { tempDir } from "../support/tempDir.js";
import { startTestSns, TEST_TOPIC_ARN } from "../support/testSns.js";
import { startWebhookReceiver } from "../support/webhookReceiver.js";

describe("the config's webhooks as SNS subscriptions", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let activity: ActivityLog;
  let sns: LocalSns;

  async function start(webhooks: WebhookInput[]) {
    let client: SNSClient;
    ({ sns, activity, client } = await startTestSns(data.path, webhooks));
    return client;
  }
  async function restart(webhooks: WebhookInput[]) {
    await sns.stop();
    await activity.flushed();
    return start(webhooks);
  }
  const publish = (client: SNSClient, eventType: string) =>
    client.send(
      new PublishCommand({
        TopicArn: TEST_TOPIC_ARN,
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
    const client = await start([{ name: "hook", url: receiver.url, events: ["image.failed"] }]);

    await publish(client, "image.processed");
    await publish(client, "image.failed");
    await sns.idle();

    expect(receiver.received.map((r) => r.body.Type).filter((t) => t !== "Notification")).toEqual([
      "SubscriptionConfirmation",
    ]);
    expect(notifications()).toEqual(["image.failed"]);
  });

  it("does not confirm again after a restart, and follows a change of events", async () => {
    const client = await restart([{ name: "hook", url: receiver.url }]);

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
      new ListSubscriptionsByTopicCommand({ TopicArn: TEST_TOPIC_ARN }),
    );
    await publish(client, "image.failed");
    await sns.idle();

    expect(Subscriptions).toEqual([]);
    expect(notifications()).toHaveLength(2);
  });
});
