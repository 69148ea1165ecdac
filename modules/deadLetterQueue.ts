import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";

/** The longest SQS keeps a message: time to notice the alarm and replay. */
const FOURTEEN_DAYS_IN_SECONDS = 14 * 24 * 60 * 60;

export interface DeadLetterQueueProps {
  readonly name: string;
  /**
   * An AWS service that sends to the queue on behalf of one of its resources, e.g.
   * EventBridge for a rule or SNS for a topic. Leave out when an IAM role sends instead.
   */
  readonly sender?: { readonly sid: string; readonly service: string; readonly sourceArn: string };
}

/**
 * An encrypted SQS queue that keeps what an async path could not deliver for 14 days,
 * and, with a `sender`, lets exactly that service resource send to it.
 *
 * @example
 * const dlq = new DeadLetterQueue(this, "dead-letters", {
 *   name: "imgpipe-dev-new-upload-dead-letters",
 *   sender: { sid: "FromRule", service: "events.amazonaws.com", sourceArn: rule.arn },
 * });
 * dlq.queue.arn;
 */
export class DeadLetterQueue extends Construct {
  readonly queue: SqsQueue;
  readonly policy?: SqsQueuePolicy;

  constructor(scope: Construct, id: string, { name, sender }: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new SqsQueue(this, "queue", {
      name,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: FOURTEEN_DAYS_IN_SECONDS,
    });
    if (sender) {
      const document = new DataAwsIamPolicyDocument(this, "policy-document", {
        statement: [
          {
            sid: sender.sid,
            actions: ["sqs:SendMessage"],
            principals: [{ type: "Service", identifiers: [sender.service] }],
            resources: [this.queue.arn],
            condition: [
              { test: "ArnEquals", variable: "aws:SourceArn", values: [sender.sourceArn] },
            ],
          },
        ],
      });
      this.policy = new SqsQueuePolicy(this, "policy", {
        queueUrl: this.queue.url,
        policy: document.json,
      });
    }
  }
}
