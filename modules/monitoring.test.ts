import { describe, expect, it } from "vitest";
import { synthesizePipeline } from "./testing/fixtures.js";
import { blockOf, blocksOfType, reference } from "./testing/terraformJson.js";

describe("Monitoring", () => {
  it("alarms on each function's errors and throttles, every dead-letter queue and API 5xx", () => {
    const { tf } = synthesizePipeline();

    const names = blocksOfType(tf, "aws_cloudwatch_metric_alarm").map((alarm) => alarm.alarm_name);

    expect(names.sort()).toEqual([
      "imgpipe-dev-api-5xx",
      "imgpipe-dev-api-errors",
      "imgpipe-dev-api-throttles",
      "imgpipe-dev-new-upload-dead-letters",
      "imgpipe-dev-process-image-errors",
      "imgpipe-dev-process-image-failures-dead-letters",
      "imgpipe-dev-process-image-throttles",
      "imgpipe-dev-webhook-dead-letters",
    ]);
  });

  it("fires on the first failure and tells the alarm topic about it and the recovery", () => {
    const { stack, tf } = synthesizePipeline();
    const topic = reference(stack.monitoring.alarmTopic, "arn");

    for (const alarm of blocksOfType(tf, "aws_cloudwatch_metric_alarm")) {
      expect(alarm).toMatchObject({
        comparison_operator: "GreaterThanThreshold",
        threshold: 0,
        treat_missing_data: "notBreaching",
        alarm_actions: [topic],
        ok_actions: [topic],
      });
    }
  });

  it("watches the metrics of the resources it names", () => {
    const { stack, tf } = synthesizePipeline();
    const alarms = Object.fromEntries(
      blocksOfType(tf, "aws_cloudwatch_metric_alarm").map((alarm) => [alarm.alarm_name, alarm]),
    );

    expect(alarms["imgpipe-dev-process-image-errors"]).toMatchObject({
      namespace: "AWS/Lambda",
      metric_name: "Errors",
      dimensions: { FunctionName: reference(stack.processImage.fn, "function_name") },
    });
    expect(alarms["imgpipe-dev-new-upload-dead-letters"]).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: reference(stack.uploadEvents.deadLetterQueue.queue, "name") },
    });
    expect(alarms["imgpipe-dev-api-5xx"]).toMatchObject({
      namespace: "AWS/ApiGateway",
      metric_name: "5xx",
      dimensions: {
        ApiId: reference(stack.api?.api ?? stack.cdn.distribution, "id"),
        Stage: "$default",
      },
    });
  });

  it("mails the configured address, and nobody without one", () => {
    const withEmail = synthesizePipeline({ alarms: { email: "oncall@example.com" } });
    const without = synthesizePipeline();

    expect(blocksOfType(withEmail.tf, "aws_sns_topic_subscription")).toEqual([
      {
        topic_arn: reference(withEmail.stack.monitoring.alarmTopic, "arn"),
        protocol: "email",
        endpoint: "oncall@example.com",
      },
    ]);
    expect(blocksOfType(without.tf, "aws_sns_topic_subscription")).toEqual([]);
    expect(blockOf(without.tf, without.stack.monitoring.alarmTopic).name).toBe(
      "imgpipe-dev-alarms",
    );
  });
});
