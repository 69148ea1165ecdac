import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  newUploadEventPattern,
  type PipelineConfig,
  resourceName,
  UPLOAD_EVENT_RETRY_POLICY,
  type UploadEventRetryPolicy,
} from "@imgpipe/core";
import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { DeadLetterQueue } from "./deadLetterQueue.js";
import type { FunctionPackage } from "./functionPackage.js";

export interface UploadEventsProps {
  readonly config: PipelineConfig;
  /** Must send its events to EventBridge (see `Storage`). */
  readonly uploadsBucket: S3Bucket;
  readonly target: FunctionPackage;
  /** The core policy, which the local cloud's bus follows too, unless given. */
  readonly retryPolicy?: UploadEventRetryPolicy;
}

/**
 * Routes "Object Created" events of the uploads bucket to a function, with the same
 * pattern the local cloud matches ({@link newUploadEventPattern}). Both halves of the
 * async path end in a dead-letter queue: EventBridge's target DLQ holds events it could
 * not hand to Lambda, and the function's on-failure destination holds invocations whose
 * handler still failed after Lambda's retries.
 *
 * @example
 * new UploadEvents(this, "upload-events", {
 *   config,
 *   uploadsBucket: storage.uploads,
 *   target: processImage,
 * });
 */
export class UploadEvents extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  /** Events EventBridge could not deliver to the function. */
  readonly deadLetterQueue: DeadLetterQueue;
  /** Invocations the function received and failed, after Lambda's own retries. */
  readonly failedInvocations: DeadLetterQueue;
  readonly invokeConfig: LambdaFunctionEventInvokeConfig;

  constructor(scope: Construct, id: string, props: UploadEventsProps) {
    super(scope, id);
    const { config, uploadsBucket, target } = props;
    const retry = props.retryPolicy ?? UPLOAD_EVENT_RETRY_POLICY;

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

    this.deadLetterQueue = new DeadLetterQueue(this, "dead-letters", {
      name: resourceName(config, "new-upload-dead-letters"),
      sender: {
        sid: "DeadLettersOfTheNewUploadRule",
        service: "events.amazonaws.com",
        sourceArn: this.rule.arn,
      },
    });
    this.target = new CloudwatchEventTarget(this, "target", {
      rule: this.rule.name,
      arn: target.fn.arn,
      retryPolicy: {
        maximumRetryAttempts: retry.maximumRetryAttempts,
        maximumEventAgeInSeconds: retry.maximumEventAgeSeconds,
      },
      deadLetterConfig: { arn: this.deadLetterQueue.queue.arn },
    });
    new LambdaPermission(this, "invoke-permission", {
      statementId: "AllowNewUploadRule",
      action: "lambda:InvokeFunction",
      functionName: target.fn.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });

    // Lambda sends the failed invocation record with the function's own role.
    this.failedInvocations = new DeadLetterQueue(this, "failed-invocations", {
      name: resourceName(config, "process-image-failures"),
    });
    const sendFailures = target.attachInlinePolicy("send-failed-invocations", [
      {
        sid: "SendFailedInvocations",
        actions: ["sqs:SendMessage"],
        resources: [this.failedInvocations.queue.arn],
      },
    ]);
    this.invokeConfig = new LambdaFunctionEventInvokeConfig(this, "invoke-config", {
      functionName: target.fn.functionName,
      // Lambda checks that the role may send to the destination when the config is saved.
      dependsOn: [sendFailures],
      maximumRetryAttempts: retry.handlerRetryAttempts,
      maximumEventAgeInSeconds: retry.maximumEventAgeSeconds,
      destinationConfig: { onFailure: { destination: this.failedInvocations.queue.arn } },
    });
  }
}
