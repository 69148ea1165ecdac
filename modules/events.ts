import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { newUploadEventPattern, type PipelineConfig, resourceName } from "@imgpipe/core";
import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";

const FOURTEEN_DAYS_IN_SECONDS = 14 * 24 * 60 * 60;

export interface UploadEventsProps {
  readonly config: PipelineConfig;
  /** Must send its events to EventBridge (see `Storage`). */
  readonly uploadsBucket: S3Bucket;
  readonly target: LambdaFunction;
  /** How often EventBridge retries a failed delivery to the function. */
  readonly maximumRetryAttempts?: number;
  /** How long EventBridge keeps retrying before the event goes to the dead-letter queue. */
  readonly maximumEventAgeInSeconds?: number;
}

/**
 * Routes "Object Created" events of the uploads bucket to a function, with the same
 * pattern the local cloud matches ({@link newUploadEventPattern}). Events EventBridge
 * cannot deliver end in an encrypted dead-letter queue.
 *
 * @example
 * new UploadEvents(this, "upload-events", {
 *   config,
 *   uploadsBucket: storage.uploads,
 *   target: processImage.fn,
 * });
 */
export class UploadEvents extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: UploadEventsProps) {
    super(scope, id);
    const { config, uploadsBucket, target } = props;

    // A Terraform local keeps the pattern a structured value: jsonencode() then renders
    // the bucket reference correctly in both the JSON and the HCL output.
    const pattern = new TerraformLocal(
      this,
      "new-upload-event-pattern",
      newUploadEventPattern(uploadsBucket.bucket),
    );
    this.rule = new CloudwatchEventRule(this, "new-upload", {
      name: resourceName(config, "new-upload"),
      description: "New uploads in the uploads bucket, for process-image",
      eventPattern: Fn.jsonencode(pattern.expression),
    });

    this.deadLetterQueue = new SqsQueue(this, "dead-letters", {
      name: resourceName(config, "new-upload-dead-letters"),
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: FOURTEEN_DAYS_IN_SECONDS,
    });
    const sendFromThisRule = new DataAwsIamPolicyDocument(this, "dead-letters-policy-document", {
      statement: [
        {
          sid: "DeadLettersOfTheNewUploadRule",
          actions: ["sqs:SendMessage"],
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          resources: [this.deadLetterQueue.arn],
          condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [this.rule.arn] }],
        },
      ],
    });
    new SqsQueuePolicy(this, "dead-letters-policy", {
      queueUrl: this.deadLetterQueue.url,
      policy: sendFromThisRule.json,
    });

    this.target = new CloudwatchEventTarget(this, "target", {
      rule: this.rule.name,
      arn: target.arn,
      retryPolicy: {
        maximumRetryAttempts: props.maximumRetryAttempts ?? 10,
        maximumEventAgeInSeconds: props.maximumEventAgeInSeconds ?? 60 * 60,
      },
      deadLetterConfig: { arn: this.deadLetterQueue.arn },
    });
    new LambdaPermission(this, "invoke-permission", {
      statementId: "AllowNewUploadRule",
      action: "lambda:InvokeFunction",
      functionName: target.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });
  }
}
