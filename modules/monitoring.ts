import type { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { type PipelineConfig, resourceName } from "@imgpipe/core";
import { Construct } from "constructs";
import type { FunctionPackage } from "./functionPackage.js";

const FIVE_MINUTES = 300;

export interface MonitoringProps {
  readonly config: PipelineConfig;
  /** Each gets an alarm on errors and one on throttles, named after its function name part. */
  readonly functions: Readonly<Record<string, FunctionPackage>>;
  /** Each gets an alarm as soon as one message waits in it. */
  readonly deadLetterQueues: Readonly<Record<string, SqsQueue>>;
  readonly api?: Apigatewayv2Api;
}

/**
 * Alarms that mean someone should look: a function failed or was throttled, a message
 * sits in a dead-letter queue, the API answered 5xx. Each alarm and its recovery go to
 * the alarm topic, which the config's alarm address (if any) is subscribed to.
 *
 * @example
 * new Monitoring(this, "monitoring", {
 *   config,
 *   functions: { "process-image": processImage },
 *   deadLetterQueues: { "new-upload": uploadEvents.deadLetterQueue.queue },
 * });
 */
export class Monitoring extends Construct {
  readonly alarmTopic: SnsTopic;
  readonly alarms: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config } = props;
    // Not encrypted with the AWS-managed SNS key: CloudWatch cannot use that key to
    // publish, and alarm messages carry names and numbers, no user data.
    this.alarmTopic = new SnsTopic(this, "alarms", { name: resourceName(config, "alarms") });
    if (config.alarms.email) {
      new SnsTopicSubscription(this, "alarm-email", {
        topicArn: this.alarmTopic.arn,
        protocol: "email",
        endpoint: config.alarms.email,
      });
    }

    const alarm = (name: string, description: string, metric: AlarmMetric) =>
      new CloudwatchMetricAlarm(this, name, {
        alarmName: resourceName(config, name),
        alarmDescription: description,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
        period: FIVE_MINUTES,
        treatMissingData: "notBreaching",
        alarmActions: [this.alarmTopic.arn],
        okActions: [this.alarmTopic.arn],
        ...metric,
      });

    const alarms: CloudwatchMetricAlarm[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      const dimensions = { FunctionName: fn.fn.functionName };
      alarms.push(
        alarm(`${name}-errors`, `${name} failed at least once in 5 minutes`, {
          namespace: "AWS/Lambda",
          metricName: "Errors",
          statistic: "Sum",
          dimensions,
        }),
        alarm(`${name}-throttles`, `${name} was throttled at least once in 5 minutes`, {
          namespace: "AWS/Lambda",
          metricName: "Throttles",
          statistic: "Sum",
          dimensions,
        }),
      );
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarms.push(
        alarm(`${name}-dead-letters`, `A message waits in the ${name} dead-letter queue`, {
          namespace: "AWS/SQS",
          metricName: "ApproximateNumberOfMessagesVisible",
          statistic: "Maximum",
          dimensions: { QueueName: queue.name },
        }),
      );
    }
    if (props.api) {
      alarms.push(
        alarm("api-5xx", "The API answered 5xx at least once in 5 minutes", {
          namespace: "AWS/ApiGateway",
          metricName: "5xx",
          statistic: "Sum",
          dimensions: { ApiId: props.api.id, Stage: "$default" },
        }),
      );
    }
    this.alarms = alarms;
  }
}

interface AlarmMetric {
  namespace: string;
  metricName: string;
  statistic: string;
  dimensions: Record<string, string>;
}
