import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import {
  type PipelineConfig,
  resourceName,
  webhookDeliveryPolicy,
  webhookFilterPolicy,
} from "@imgpipe/core";
import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { DeadLetterQueue } from "./deadLetterQueue.js";

export interface NotificationsProps {
  readonly config: PipelineConfig;
}

/**
 * The SNS topic of image events and one subscription per webhook of the config, named
 * after it. A webhook that lists `events` or `owners` only receives those, filtered on
 * the `eventType` and `ownerId` message attributes. SNS retries a failing webhook with
 * its own delivery policy; what still fails lands in the webhooks dead-letter queue,
 * which only this topic may send to (see `imgpipe redrive --aws` to send it again).
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
      // SHA256 signatures; SNS's default (1) still signs with SHA1.
      signatureVersion: 2,
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
    this.webhookSubscriptions = config.webhooks.map((webhook) => {
      const filterPolicy = webhookFilterPolicy(webhook);
      return new SnsTopicSubscription(this, `webhook-${webhook.name}`, {
        topicArn: this.topic.arn,
        protocol: new URL(webhook.url).protocol.replace(/:$/, ""),
        endpoint: webhook.url,
        rawMessageDelivery: webhook.rawDelivery,
        deliveryPolicy: JSON.stringify(webhookDeliveryPolicy(webhook)),
        redrivePolicy: Fn.jsonencode(redrivePolicy.expression),
        ...(filterPolicy && {
          filterPolicyScope: "MessageAttributes",
          filterPolicy: JSON.stringify(filterPolicy),
        }),
      });
    });
  }
}
