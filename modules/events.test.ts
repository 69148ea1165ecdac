import { newUploadEventPattern, parsePipelineConfig } from "@imgpipe/core";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { PipelineStack } from "./pipelineStack.js";
import { blockOf, policyStatements, reference, synthesizeStack } from "./testing/terraformJson.js";

function synthesizePipeline() {
  const config = parsePipelineConfig({ environment: "dev", region: "eu-west-1" }, "test");
  const stack = new PipelineStack(Testing.app(), "imgpipe-dev", {
    config,
    localStatePath: "terraform.tfstate",
  });
  return { stack, events: stack.uploadEvents, tf: synthesizeStack(stack) };
}

describe("UploadEvents", () => {
  it("matches new uploads with the core pattern, applied to the uploads bucket", () => {
    const { stack, events, tf } = synthesizePipeline();

    const rule = blockOf(tf, events.rule);
    const local = /^\$\{jsonencode\(local\.([^)]+)\)\}$/.exec(String(rule.event_pattern))?.[1];

    expect(local).toBeDefined();
    expect(tf.locals[local ?? ""]).toEqual(
      newUploadEventPattern(reference(stack.storage.uploads, "bucket")),
    );
    expect(rule.name).toBe("imgpipe-dev-new-upload");
  });

  it("targets process-image, with a retry policy and a dead-letter queue", () => {
    const { stack, events, tf } = synthesizePipeline();

    const target = blockOf(tf, events.target);

    expect(target).toMatchObject({
      rule: reference(events.rule, "name"),
      arn: reference(stack.processImage.fn, "arn"),
      dead_letter_config: { arn: reference(events.deadLetterQueue, "arn") },
      retry_policy: { maximum_retry_attempts: 10, maximum_event_age_in_seconds: 3600 },
    });
  });

  it("encrypts the dead-letter queue and keeps its messages for 14 days", () => {
    const { events, tf } = synthesizePipeline();

    const queue = blockOf(tf, events.deadLetterQueue);

    expect(queue).toMatchObject({
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 14 * 24 * 60 * 60,
    });
  });

  it("lets EventBridge send to the dead-letter queue on behalf of this rule only", () => {
    const { events, tf } = synthesizePipeline();

    const [policy, ...others] = Object.values(tf.resource.aws_sqs_queue_policy ?? {});

    expect(others).toEqual([]);
    expect(policy?.queue_url).toBe(reference(events.deadLetterQueue, "url"));
    expect(policyStatements(tf, policy?.policy)).toEqual([
      {
        sid: "DeadLettersOfTheNewUploadRule",
        actions: ["sqs:SendMessage"],
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        resources: [reference(events.deadLetterQueue, "arn")],
        condition: [
          { test: "ArnEquals", variable: "aws:SourceArn", values: [reference(events.rule, "arn")] },
        ],
      },
    ]);
  });

  it("lets EventBridge invoke process-image for this rule only", () => {
    const { stack, events, tf } = synthesizePipeline();

    const permissions = Object.values(tf.resource.aws_lambda_permission ?? {});

    expect(permissions).toEqual([
      {
        statement_id: "AllowNewUploadRule",
        action: "lambda:InvokeFunction",
        function_name: reference(stack.processImage.fn, "function_name"),
        principal: "events.amazonaws.com",
        source_arn: reference(events.rule, "arn"),
      },
    ]);
  });
});
