import { newUploadEventPattern } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { synthesizePipeline } from "./testing/fixtures.js";
import { blockOf, blocksOfType, policyStatements, reference } from "./testing/terraformJson.js";

describe("UploadEvents", () => {
  it("matches new uploads with the core pattern, applied to the uploads bucket", () => {
    const { stack, tf } = synthesizePipeline();
    const events = stack.uploadEvents;

    const rule = blockOf(tf, events.rule);
    const local = /^\$\{jsonencode\(local\.([^)]+)\)\}$/.exec(String(rule.event_pattern))?.[1];

    expect(local).toBeDefined();
    expect(tf.locals[local ?? ""]).toEqual(
      newUploadEventPattern(reference(stack.storage.uploads, "bucket")),
    );
    expect(rule.name).toBe("imgpipe-dev-new-upload");
  });

  it("targets process-image, with a retry policy and a dead-letter queue", () => {
    const { stack, tf } = synthesizePipeline();
    const events = stack.uploadEvents;

    const target = blockOf(tf, events.target);

    expect(target).toMatchObject({
      rule: reference(events.rule, "name"),
      arn: reference(stack.processImage.fn, "arn"),
      dead_letter_config: { arn: reference(events.deadLetterQueue.queue, "arn") },
      retry_policy: { maximum_retry_attempts: 10, maximum_event_age_in_seconds: 3600 },
    });
  });

  it.each(["deadLetterQueue", "failedInvocations"] as const)(
    "encrypts the %s queue and keeps its messages for 14 days",
    (name) => {
      const { stack, tf } = synthesizePipeline();

      const queue = blockOf(tf, stack.uploadEvents[name].queue);

      expect(queue).toMatchObject({
        sqs_managed_sse_enabled: true,
        message_retention_seconds: 14 * 24 * 60 * 60,
      });
    },
  );

  it("lets EventBridge send to the dead-letter queue on behalf of this rule only", () => {
    const { stack, tf } = synthesizePipeline();
    const events = stack.uploadEvents;
    const policy = events.deadLetterQueue.policy;

    expect(policy).toBeDefined();
    const block = policy ? blockOf(tf, policy) : {};
    expect(block.queue_url).toBe(reference(events.deadLetterQueue.queue, "url"));
    expect(policyStatements(tf, block.policy)).toEqual([
      {
        sid: "DeadLettersOfTheNewUploadRule",
        actions: ["sqs:SendMessage"],
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        resources: [reference(events.deadLetterQueue.queue, "arn")],
        condition: [
          { test: "ArnEquals", variable: "aws:SourceArn", values: [reference(events.rule, "arn")] },
        ],
      },
    ]);
  });

  it("sends invocations whose handler still fails after Lambda's retries to a queue", () => {
    const { stack, tf } = synthesizePipeline();
    const events = stack.uploadEvents;

    const config = blockOf(tf, events.invokeConfig);

    expect(config).toMatchObject({
      function_name: reference(stack.processImage.fn, "function_name"),
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 3600,
      destination_config: {
        on_failure: { destination: reference(events.failedInvocations.queue, "arn") },
      },
    });
    expect(events.failedInvocations.policy).toBeUndefined();
  });

  it("saves the on-failure destination only once the role may send to it", () => {
    const { stack, tf } = synthesizePipeline();

    const config = blockOf(tf, stack.uploadEvents.invokeConfig);
    const [policy] = blocksOfType(tf, "aws_iam_role_policy").filter(
      (block) => block.name === "send-failed-invocations",
    );

    expect(policy).toBeDefined();
    expect(config.depends_on).toEqual([
      expect.stringMatching(/^aws_iam_role_policy\.process-image_send-failed-invocations-policy_/),
    ]);
  });

  it("lets EventBridge invoke process-image for this rule only", () => {
    const { stack, tf } = synthesizePipeline();

    const permissions = blocksOfType(tf, "aws_lambda_permission").filter(
      (permission) => permission.principal === "events.amazonaws.com",
    );

    expect(permissions).toEqual([
      {
        statement_id: "AllowNewUploadRule",
        action: "lambda:InvokeFunction",
        function_name: reference(stack.processImage.fn, "function_name"),
        principal: "events.amazonaws.com",
        source_arn: reference(stack.uploadEvents.rule, "arn"),
      },
    ]);
  });
});
