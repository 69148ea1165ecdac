import { verify, X509Certificate } from "node:crypto";
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  NotFoundException,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  type SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from "@aws-sdk/client-sns";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ActivityLog } from "../../src/activity/activityLog.js";
import { stringToSign, type UnsignedMessage } from "../../src/sns/messages.js";
import type { LocalSns } from "../../src/sns/startLocalSns.js";
import { eventually } from "../support/eventually.js";
import { tempDir } from "../support/tempDir.js";
import { startTestSns } from "../support/testSns.js";
import { startWebhookReceiver } from "../support/webhookReceiver.js";

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
const FAST_RETRIES = JSON.stringify({
  healthyRetryPolicy: { numRetries: 2, minDelayTarget: 1, maxDelayTarget: 1 },
});

describe("the local SNS, through the real SDK client", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let sns: LocalSns;
  let activity: ActivityLog;
  let client: SNSClient;
  let topicArn: string;
  const receivers: Receiver[] = [];

  async function start() {
    ({ sns, activity, client } = await startTestSns(data.path));
  }

  async function receiver(failures = 0) {
    const r = await startWebhookReceiver({ failures });
    receivers.push(r);
    return r;
  }

  /** Subscribes, then confirms by visiting the SubscribeURL, as a subscriber does. */
  async function confirmedSubscription(endpoint: string, attributes: Record<string, string> = {}) {
    await client.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: "http",
        Endpoint: endpoint,
        Attributes: attributes,
      }),
    );
    const r = receivers.find((x) => endpoint.startsWith(x.base));
    const confirmation = await eventually(async () => {
      const found = r?.received.find((m) => m.body.Type === "SubscriptionConfirmation");
      expect(found).toBeDefined();
      return found;
    });
    const response = await fetch(String(confirmation?.body.SubscribeURL));
    expect(response.status).toBe(200);
    const arn = /<SubscriptionArn>(.*)<\/SubscriptionArn>/.exec(await response.text())?.[1];
    return String(arn);
  }

  beforeAll(async () => {
    data = await tempDir("sns");
    await start();
    ({ TopicArn: topicArn = "" } = await client.send(new CreateTopicCommand({ Name: "hooks" })));
  });
  afterEach(() => sns.idle());
  afterAll(async () => {
    await sns.stop();
    await activity.flushed();
    await Promise.all(receivers.map((r) => r.close()));
    await data.remove();
  });

  it("sends a signed SubscriptionConfirmation first, and nothing else until it is confirmed", async () => {
    const r = await receiver();

    const { SubscriptionArn } = await client.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: "http", Endpoint: r.url }),
    );
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: "too early" }));
    await sns.idle();

    expect(SubscriptionArn).toBe("pending confirmation");
    expect(r.received).toHaveLength(1);
    const [confirmation] = r.received;
    expect(confirmation?.headers["x-amz-sns-message-type"]).toBe("SubscriptionConfirmation");
    expect(confirmation?.body).toMatchObject({
      Type: "SubscriptionConfirmation",
      TopicArn: topicArn,
      SignatureVersion: "2",
      Token: expect.stringMatching(/^[0-9a-f]{128}$/),
      SubscribeURL: expect.stringContaining("Action=ConfirmSubscription"),
    });
    const listed = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(listed.Subscriptions?.find((s) => s.Endpoint === r.url)?.SubscriptionArn).toBe(
      "PendingConfirmation",
    );

    const confirmed = await client.send(
      new ConfirmSubscriptionCommand({
        TopicArn: topicArn,
        Token: String(confirmation?.body.Token),
      }),
    );
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: "hello" }));
    await sns.idle();

    expect(confirmed.SubscriptionArn).toMatch(new RegExp(`^${topicArn}:`));
    expect(r.received.map((m) => m.body.Message)).toContain("hello");
    expect(r.received.map((m) => m.body.Message)).not.toContain("too early");
  });

  it("delivers the notification envelope with x-amz-sns headers and a signature that verifies against the served certificate", async () => {
    const r = await receiver();
    const subscriptionArn = await confirmedSubscription(r.url);

    await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: "greetings",
        Message: '{"hello":"world"}',
        MessageAttributes: { eventType: { DataType: "String", StringValue: "image.processed" } },
      }),
    );
    await sns.idle();

    const delivery = r.received.find((m) => m.body.Type === "Notification");
    expect(delivery?.headers).toMatchObject({
      "x-amz-sns-message-type": "Notification",
      "x-amz-sns-topic-arn": topicArn,
      "x-amz-sns-subscription-arn": subscriptionArn,
      "x-amz-sns-message-id": delivery?.body.MessageId,
      "content-type": "text/plain; charset=UTF-8",
    });
    expect(delivery?.body).toMatchObject({
      Subject: "greetings",
      Message: '{"hello":"world"}',
      MessageAttributes: { eventType: { Type: "String", Value: "image.processed" } },
      UnsubscribeURL: expect.stringContaining("Action=Unsubscribe"),
    });
    const certificate = new X509Certificate(
      await (await fetch(String(delivery?.body.SigningCertURL))).text(),
    );
    const message = delivery?.body as unknown as UnsignedMessage & { Signature: string };
    const signatureOk = verify(
      "sha256",
      Buffer.from(stringToSign(message)),
      certificate.publicKey,
      Buffer.from(message.Signature, "base64"),
    );
    expect(signatureOk).toBe(true);
    const tampered = { ...message, Message: '{"hello":"mallory"}' };
    expect(
      verify(
        "sha256",
        Buffer.from(stringToSign(tampered)),
        certificate.publicKey,
        Buffer.from(message.Signature, "base64"),
      ),
    ).toBe(false);
  });

  it("applies the filter policy set on the subscription, and reads it back", async () => {
    const r = await receiver();
    const subscriptionArn = await confirmedSubscription(r.url);
    const policy = JSON.stringify({ eventType: ["image.failed"], bytes: [{ numeric: [">", 10] }] });

    await client.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: subscriptionArn,
        AttributeName: "FilterPolicy",
        AttributeValue: policy,
      }),
    );
    const publish = (eventType: string, bytes: number) =>
      client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: `${eventType} ${bytes}`,
          MessageAttributes: {
            eventType: { DataType: "String", StringValue: eventType },
            bytes: { DataType: "Number", StringValue: String(bytes) },
          },
        }),
      );
    await publish("image.processed", 100);
    await publish("image.failed", 5);
    await publish("image.failed", 100);
    await sns.idle();

    expect(
      r.received.filter((m) => m.body.Type === "Notification").map((m) => m.body.Message),
    ).toEqual(["image.failed 100"]);
    const { Attributes } = await client.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
    );
    expect(Attributes).toMatchObject({
      FilterPolicy: policy,
      FilterPolicyScope: "MessageAttributes",
      PendingConfirmation: "false",
      Protocol: "http",
    });
  });

  it("retries a failing endpoint with the subscription's delivery policy, then delivers once", async () => {
    const r = await receiver(1);
    const subscriptionArn = await confirmedSubscription(r.url, { DeliveryPolicy: FAST_RETRIES });
    const before = r.received.length;

    const started = Date.now();
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: "persevere" }));
    await sns.idle();

    const attempts = r.received.slice(before);
    expect(attempts.map((m) => m.body.Message)).toEqual(["persevere", "persevere"]);
    expect(attempts.map((m) => m.headers["x-amz-sns-message-type"])).toEqual([
      "Notification",
      "Notification",
    ]);
    expect(new Set(attempts.map((m) => m.body.MessageId)).size).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const { Attributes } = await client.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
    );
    expect(
      JSON.parse(Attributes?.EffectiveDeliveryPolicy ?? "{}").healthyRetryPolicy,
    ).toMatchObject({
      numRetries: 2,
      minDelayTarget: 1,
    });
  });

  it("posts the bare message with RawMessageDelivery", async () => {
    const r = await receiver();
    await confirmedSubscription(r.url, { RawMessageDelivery: "true" });

    await client.send(new PublishCommand({ TopicArn: topicArn, Message: "just the text" }));
    await sns.idle();

    const raw = r.received.at(-1);
    expect(raw?.raw).toBe("just the text");
    expect(raw?.headers["x-amz-sns-rawdelivery"]).toBe("true");
  });

  it("keeps subscriptions across a restart, and stops delivering after Unsubscribe", async () => {
    const r = await receiver();
    const subscriptionArn = await confirmedSubscription(r.url);

    await sns.stop();
    await activity.flushed();
    await start();
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: "after restart" }));
    await sns.idle();
    await client.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: "after unsubscribe" }));
    await sns.idle();

    const messages = r.received.map((m) => m.body.Message);
    expect(messages).toContain("after restart");
    expect(messages).not.toContain("after unsubscribe");
    await expect(
      client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn })),
    ).rejects.toBeInstanceOf(NotFoundException);
  });

  it("answers an unknown topic with NotFound and a bad filter policy with InvalidParameter", async () => {
    await expect(
      client.send(new PublishCommand({ TopicArn: `${topicArn}-nope`, Message: "x" })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      client.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: "http",
          Endpoint: "http://127.0.0.1:9/x",
          Attributes: { FilterPolicy: "{" },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });
});
