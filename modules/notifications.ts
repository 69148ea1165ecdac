import { createHash } from "node:crypto";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { ConfigError, type PipelineConfig, resourceName, type Webhook } from "@imgpipe/core";
import { Construct } from "constructs";

export interface NotificationsProps {
  readonly config: PipelineConfig;
}

/**
 * The SNS topic of image events and one subscription per webhook of the config. A webhook
 * that lists `events` only receives those, filtered on the `eventType` message attribute.
 *
 * @example
 * const notifications = new Notifications(this, "notifications", { config });
 * notifications.topic.arn; // where process-image publishes
 */
export class Notifications extends Construct {
  readonly topic: SnsTopic;
  readonly webhookSubscriptions: readonly SnsTopicSubscription[];

  constructor(scope: Construct, id: string, { config }: NotificationsProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, "image-events", {
      name: resourceName(config, "image-events"),
      kmsMasterKeyId: "alias/aws/sns",
    });
    this.webhookSubscriptions = uniqueWebhooks(config.webhooks).map(
      (webhook) =>
        new SnsTopicSubscription(this, `webhook-${shortHash(webhook.url)}`, {
          topicArn: this.topic.arn,
          protocol: new URL(webhook.url).protocol.replace(/:$/, ""),
          endpoint: webhook.url,
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
