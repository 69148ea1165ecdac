import { ConfigError, type PipelineConfigInput, parsePipelineConfig } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { Notifications, WEBHOOK_DELIVERY_POLICY } from "./notifications.js";
import {
  blockOf,
  blocksOfType,
  policyStatements,
  reference,
  synthesizeScope,
} from "./testing/terraformJson.js";

function synthesizeNotifications(webhooks: PipelineConfigInput["webhooks"] = []) {
  const config = parsePipelineConfig({ environment: "dev", webhooks }, "test");
  const { built: notifications, tf } = synthesizeScope(
    (stack) => new Notifications(stack, "notifications", { config }),
  );
  return { notifications, tf };
}

describe("Notifications", () => {
  it("creates an encrypted topic for image events", () => {
    const { notifications, tf } = synthesizeNotifications();

    const topic = blockOf(tf, notifications.topic);

    expect(topic).toEqual({
      name: "imgpipe-dev-image-events",
      kms_master_key_id: "alias/aws/sns",
    });
    expect(blocksOfType(tf, "aws_sns_topic_subscription")).toEqual([]);
  });

  it("subscribes each webhook with the protocol of its URL", () => {
    const { notifications, tf } = synthesizeNotifications([
      { url: "https://hooks.example.com/imgpipe" },
      { url: "http://intranet.example.com/images" },
    ]);

    const subscriptions = blocksOfType(tf, "aws_sns_topic_subscription");

    expect(subscriptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          topic_arn: reference(notifications.topic, "arn"),
          protocol: "https",
          endpoint: "https://hooks.example.com/imgpipe",
        }),
        expect.objectContaining({
          topic_arn: reference(notifications.topic, "arn"),
          protocol: "http",
          endpoint: "http://intranet.example.com/images",
        }),
      ]),
    );
    expect(subscriptions).toHaveLength(2);
  });

  it("sends a webhook only the event types it lists, filtered on the eventType attribute", () => {
    const { tf } = synthesizeNotifications([
      { url: "https://hooks.example.com/failures", events: ["image.failed"] },
    ]);

    const [subscription] = blocksOfType(tf, "aws_sns_topic_subscription");

    expect(subscription).toMatchObject({ filter_policy_scope: "MessageAttributes" });
    expect(JSON.parse(String(subscription?.filter_policy))).toEqual({
      eventType: ["image.failed"],
    });
  });

  it("retries a failing webhook with the delivery policy, then dead-letters the event", () => {
    const { notifications, tf } = synthesizeNotifications([
      { url: "https://hooks.example.com/imgpipe" },
    ]);

    const [subscription] = blocksOfType(tf, "aws_sns_topic_subscription");
    const local = /^\$\{jsonencode\(local\.([^)]+)\)\}$/.exec(
      String(subscription?.redrive_policy),
    )?.[1];

    expect(JSON.parse(String(subscription?.delivery_policy))).toEqual(WEBHOOK_DELIVERY_POLICY);
    expect(tf.locals[local ?? ""]).toEqual({
      deadLetterTargetArn: reference(notifications.deadLetters.queue, "arn"),
    });
  });

  it("lets SNS send to the dead-letter queue on behalf of this topic only", () => {
    const { notifications, tf } = synthesizeNotifications();
    const { queue, policy } = notifications.deadLetters;

    const block = policy ? blockOf(tf, policy) : {};

    expect(blockOf(tf, queue)).toMatchObject({
      name: "imgpipe-dev-webhook-dead-letters",
      sqs_managed_sse_enabled: true,
    });
    expect(policyStatements(tf, block.policy)).toEqual([
      {
        sid: "UndeliveredImageEvents",
        actions: ["sqs:SendMessage"],
        principals: [{ type: "Service", identifiers: ["sns.amazonaws.com"] }],
        resources: [reference(queue, "arn")],
        condition: [
          {
            test: "ArnEquals",
            variable: "aws:SourceArn",
            values: [reference(notifications.topic, "arn")],
          },
        ],
      },
    ]);
  });

  it("refuses a webhook URL listed twice", () => {
    const config = parsePipelineConfig(
      {
        environment: "dev",
        webhooks: [{ url: "https://hooks.example.com/a" }, { url: "https://hooks.example.com/a" }],
      },
      "test",
    );

    const build = () =>
      synthesizeScope((stack) => new Notifications(stack, "notifications", { config }));

    expect(build).toThrow(ConfigError);
  });
});
