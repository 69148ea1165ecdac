import { ConfigError, type PipelineConfigInput, parsePipelineConfig } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { Notifications } from "./notifications.js";
import {
  blockOf,
  blocksOfType,
  policyStatements,
  reference,
  synthesizeScope,
} from "./testing/terraformJson.js";

function synthesizeNotifications(
  webhooks: PipelineConfigInput["webhooks"] = [],
  environment = "dev",
) {
  const config = parsePipelineConfig({ environment, webhooks }, "test");
  const { built: notifications, tf } = synthesizeScope(
    (stack) => new Notifications(stack, "notifications", { config }),
  );
  return { notifications, tf };
}

describe("Notifications", () => {
  it("creates an encrypted topic for image events, signed with SHA256", () => {
    const { notifications, tf } = synthesizeNotifications();

    const topic = blockOf(tf, notifications.topic);

    expect(topic).toEqual({
      name: "imgpipe-dev-image-events",
      kms_master_key_id: "alias/aws/sns",
      signature_version: 2,
    });
    expect(blocksOfType(tf, "aws_sns_topic_subscription")).toEqual([]);
  });

  it("subscribes each webhook once, over https, envelope or raw as it asks", () => {
    const { notifications, tf } = synthesizeNotifications([
      { name: "crm", url: "https://hooks.example.com/imgpipe" },
      { name: "search", url: "https://search.example.com/images", rawDelivery: true },
    ]);

    const subscriptions = blocksOfType(tf, "aws_sns_topic_subscription");

    expect(subscriptions).toHaveLength(2);
    expect(subscriptions).toEqual([
      expect.objectContaining({
        topic_arn: reference(notifications.topic, "arn"),
        protocol: "https",
        endpoint: "https://hooks.example.com/imgpipe",
        raw_message_delivery: false,
      }),
      expect.objectContaining({
        topic_arn: reference(notifications.topic, "arn"),
        protocol: "https",
        endpoint: "https://search.example.com/images",
        raw_message_delivery: true,
      }),
    ]);
  });

  it("sends a webhook only the event types and owners it lists, filtered on attributes", () => {
    const { tf } = synthesizeNotifications([
      {
        name: "failures",
        url: "https://hooks.example.com/failures",
        events: ["image.failed"],
        owners: ["alice"],
      },
      { name: "all", url: "https://hooks.example.com/all" },
    ]);

    const subscriptions = blocksOfType(tf, "aws_sns_topic_subscription");
    const filtered = subscriptions.find((s) => String(s.endpoint).endsWith("/failures"));
    const all = subscriptions.find((s) => String(s.endpoint).endsWith("/all"));

    expect(filtered).toMatchObject({ filter_policy_scope: "MessageAttributes" });
    expect(JSON.parse(String(filtered?.filter_policy))).toEqual({
      eventType: ["image.failed"],
      ownerId: ["alice"],
    });
    expect(all).not.toHaveProperty("filter_policy");
  });

  it("retries each webhook with its own delivery policy, then dead-letters the event", () => {
    const { notifications, tf } = synthesizeNotifications([
      { name: "patient", url: "https://a.example.com" },
      {
        name: "fragile",
        url: "https://b.example.com",
        delivery: { retries: 3, minDelaySeconds: 5, maxDelaySeconds: 5, maxReceivesPerSecond: 1 },
      },
    ]);

    const subscriptions = blocksOfType(tf, "aws_sns_topic_subscription").sort((a, b) =>
      String(a.endpoint).localeCompare(String(b.endpoint)),
    );
    const policies = subscriptions.map((s) => JSON.parse(String(s.delivery_policy)));
    const redrive = subscriptions.map((s) => {
      const local = /^\$\{jsonencode\(local\.([^)]+)\)\}$/.exec(String(s.redrive_policy))?.[1];
      return tf.locals[local ?? ""];
    });

    expect(policies.map((p) => p.healthyRetryPolicy.numRetries)).toEqual([25, 3]);
    expect(policies[1]).toMatchObject({
      healthyRetryPolicy: { minDelayTarget: 5, maxDelayTarget: 5, backoffFunction: "exponential" },
      throttlePolicy: { maxReceivesPerSecond: 1 },
    });
    expect(redrive).toEqual([
      { deadLetterTargetArn: reference(notifications.deadLetters.queue, "arn") },
      { deadLetterTargetArn: reference(notifications.deadLetters.queue, "arn") },
    ]);
  });

  it("lets SNS send to the encrypted dead-letter queue on behalf of this topic only", () => {
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

  it("refuses a plain http webhook outside the local environment, before synthesis", () => {
    const build = () =>
      synthesizeNotifications([{ name: "intranet", url: "http://intranet.example.com/images" }]);

    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/plain http webhooks are only allowed in the "local" environment/);
  });
});
