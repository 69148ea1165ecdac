import { createHash } from "node:crypto";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { ConfigError, type PipelineConfig, resourceName, type Webhook } from "@imgpipe/core";
import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { DeadLetterQueue } from "./deadLetterQueue.js";

/**
 * How SNS retries a webhook that fails: quickly at first, then backing off to a minute,
 * for about 20 minutes, at most 10 requests a second so a recovering receiver is not flooded.
 */
export const WEBHOOK_DELIVERY_POLICY = {
  healthyRetryPolicy: {
    minDelayTarget: 1,
    maxDelayTarget: 60,
    numRetries: 25,
    numNoDelayRetries: 0,
    numMinDelayRetries: 2,
    numMaxDelayRetries: 15,
    backoffFunction: "exponential",
  },
  throttlePolicy: { maxReceivesPerSecond: 10 },
  requestPolicy: { headerContentType: "application/json; charset=UTF-8" },
};

export interface NotificationsProps {
  readonly config: PipelineConfig;
}

/**
 * The SNS topic of image events and one subscription per webhook of the config. A webhook
 * that lists `events` only receives those, filtered on the `eventType` message attribute.
 * SNS retries a failing webhook with {@link WEBHOOK_DELIVERY_POLICY}; what still fails
 * lands in a dead-letter queue.
 *
 * @example
 * const notifications = new Notifications(this, "notifications", { config });
 * notifications.topic.arn; // where process-image publishes
 */
export class Notifications extends Construct {
  readonly topic: SnsTopic;
  readonly webhookSubscriptions: readonly SnsTopicSubscription[];
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, { config }: NotificationsProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, "image-events", {
      name: resourceName(config, "image-events"),
      kmsMasterKeyId: "alias/aws/sns",
    });
    this.deadLetters = new DeadLetterQueue(this, "webhook-dead-letters", {
      name: resourceName(config, "webhook-dead-letters"),
      sender: {
        sid: "UndeliveredImageEvents",
        service: "sns.amazonaws.com",
        sourceArn: this.topic.arn,
      },
    });
    // A local keeps the queue reference structured, so jsonencode() renders it in JSON and HCL.
    const redrivePolicy = new TerraformLocal(this, "webhook-redrive-policy", {
      deadLetterTargetArn: this.deadLetters.queue.arn,
    });
    this.webhookSubscriptions = uniqueWebhooks(config.webhooks).map(
      (webhook) =>
        new SnsTopicSubscription(this, `webhook-${shortHash(webhook.url)}`, {
          topicArn: this.topic.arn,
          protocol: new URL(webhook.url).protocol.replace(/:$/, ""),
          endpoint: webhook.url,
          deliveryPolicy: JSON.stringify(WEBHOOK_DELIVERY_POLICY),
          redrivePolicy: Fn.jsonencode(redrivePolicy.expression),
          ...(webhook.events && {
            filterPolicyScope: "MessageAttributes",
            filterPolicy: JSON.stringify({ eventType: webhook.events }),
          }),
        }),
    );
  }
}

/** SNS keeps one subscription per endpoint, so two entries for one URL would fight. */
function uniqueWebhooks(webhooks: readonly Webhook[]): readonly Webhook[] {
  const seen = new Set<string>();
  for (const { url } of webhooks) {
    if (seen.has(url)) {
      throw new ConfigError(`The webhook ${url} is listed twice; list its events once instead`);
    }
    seen.add(url);
  }
  return webhooks;
}

/** A construct id that survives reordering the webhook list (an index would not). */
function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}
