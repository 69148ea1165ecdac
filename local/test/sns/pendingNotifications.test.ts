import { PublishCommand, SubscribeCommand, UnsubscribeCommand } from "@aws-sdk/client-sns";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { tempDir } from "../support/tempDir.js";
import { startTestSns, TEST_TOPIC_ARN } from "../support/testSns.js";
import { startWebhookReceiver } from "../support/webhookReceiver.js";

/** One retry, a minute later: long enough that the test stops SNS while it waits. */
const ONE_SLOW_RETRY = JSON.stringify({
  healthyRetryPolicy: { numRetries: 1, minDelayTarget: 60, maxDelayTarget: 60 },
});

describe("the local SNS keeps the notifications it owes across a stop", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeEach(async () => {
    data = await tempDir("pending-notifications");
  });
  afterEach(async () => {
    await receiver.close();
    await data.remove();
  });

  /**
   * SNS with the receiver subscribed and confirmed, its policy one retry a minute later;
   * the receiver fails the first notification.
   */
  async function startWithFailingSubscriber() {
    receiver = await startWebhookReceiver({ failures: 1 });
    const started = await startTestSns(data.path);
    await started.client.send(
      new SubscribeCommand({
        TopicArn: TEST_TOPIC_ARN,
        Protocol: "http",
        Endpoint: receiver.url,
        Attributes: { DeliveryPolicy: ONE_SLOW_RETRY },
      }),
    );
    const confirmation = await eventually(async () => {
      const found = receiver.received.find((r) => r.body.Type === "SubscriptionConfirmation");
      expect(found).toBeDefined();
      return found;
    });
    const confirmed = await (await fetch(String(confirmation?.body.SubscribeURL))).text();
    const subscriptionArn = /<SubscriptionArn>(.*)<\/SubscriptionArn>/.exec(confirmed)?.[1] ?? "";
    return { ...started, subscriptionArn };
  }

  const notifications = () => receiver.received.filter((r) => r.body.Type === "Notification");

  it("sends a notification left waiting for its retry again at the next start, with the same message id", async () => {
    // Prepare: the first POST fails, and the retry is a minute away when SNS stops.
    const first = await startWithFailingSubscriber();
    const { MessageId } = await first.client.send(
      new PublishCommand({ TopicArn: TEST_TOPIC_ARN, Message: '{"id":"event-1"}' }),
    );
    await eventually(async () => expect(notifications()).toHaveLength(1));

    // Act
    await first.sns.stop();
    const second = await startTestSns(data.path);
    await second.sns.idle();

    // Assess: delivered on the second start, the same message as the first attempt.
    expect(second.sns.resumed).toBe(1);
    const [failed, delivered] = notifications();
    expect(delivered?.body.MessageId).toBe(MessageId);
    expect(delivered?.raw).toBe(failed?.raw);
    await second.sns.stop();
  });

  it("sends nothing again once the notification was delivered", async () => {
    receiver = await startWebhookReceiver();
    const first = await startTestSns(data.path, [{ name: "receiver", url: receiver.url }]);
    await first.client.send(
      new PublishCommand({ TopicArn: TEST_TOPIC_ARN, Message: '{"id":"event-2"}' }),
    );
    await first.sns.idle();
    await first.sns.stop();

    const second = await startTestSns(data.path, [{ name: "receiver", url: receiver.url }]);
    await second.sns.idle();

    expect(second.sns.resumed).toBe(0);
    expect(notifications()).toHaveLength(1);
    await second.sns.stop();
  });

  it("drops a notification owed to a subscription that is gone by the next start", async () => {
    const first = await startWithFailingSubscriber();
    await first.client.send(
      new PublishCommand({ TopicArn: TEST_TOPIC_ARN, Message: '{"id":"event-3"}' }),
    );
    await eventually(async () => expect(notifications()).toHaveLength(1));
    await first.client.send(new UnsubscribeCommand({ SubscriptionArn: first.subscriptionArn }));
    await first.sns.stop();

    const second = await startTestSns(data.path);
    await second.sns.idle();

    expect(second.sns.resumed).toBe(1);
    expect(notifications()).toHaveLength(1);
    await second.sns.stop();
  });
});
