import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { type ImageEvent, imageEventAttributes, imageEventSchema } from "@imgpipe/core";

/**
 * The event in a message of the webhooks dead-letter queue, and its text as published.
 * SNS puts there what it would have POSTed: the JSON envelope, or the event itself for
 * a raw-delivery subscription. Undefined when the body is neither (it stays queued).
 */
export function eventOfDeadLetter(body: string): { event: ImageEvent; text: string } | undefined {
  const parsed = parseJson(body) as { Type?: unknown; Message?: unknown } | undefined;
  const text =
    parsed?.Type === "Notification" && typeof parsed.Message === "string" ? parsed.Message : body;
  const event = imageEventSchema.safeParse(parseJson(text));
  return event.success ? { event: event.data, text } : undefined;
}

export interface RedriveReport {
  /** Event ids published to the topic again. */
  republished: string[];
  /** SQS message ids left in the queue: their body is no imgpipe event. */
  unreadable: string[];
}

/**
 * Moves every message of the webhooks DLQ back through the events topic: each event is
 * published again with its `eventType` and `ownerId` attributes, so every webhook whose
 * filter takes it receives it, freshly signed. A webhook that had it already sees the
 * same event `id` again and drops it. A message is deleted only after its publish
 * succeeded, so an interrupted redrive loses nothing.
 */
export async function redriveWebhookDlq(
  clients: { sqs: SQSClient; sns: SNSClient },
  target: { queueName: string; topicArn: string },
): Promise<RedriveReport> {
  const { QueueUrl } = await clients.sqs.send(
    new GetQueueUrlCommand({ QueueName: target.queueName }),
  );
  const report: RedriveReport = { republished: [], unreadable: [] };
  const seen = new Set<string>();
  for (;;) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        // Long enough to publish; an unreadable message comes back only after the run.
        VisibilityTimeout: 300,
      }),
    );
    const fresh = Messages.filter((m) => !seen.has(m.MessageId ?? ""));
    if (fresh.length === 0) return report;
    for (const message of fresh) {
      seen.add(message.MessageId ?? "");
      const letter = eventOfDeadLetter(message.Body ?? "");
      if (!letter) {
        report.unreadable.push(message.MessageId ?? "");
        continue;
      }
      const { event, text } = letter;
      await clients.sns.send(
        new PublishCommand({
          TopicArn: target.topicArn,
          // The text as first published: fields a newer release added are kept.
          Message: text,
          MessageAttributes: Object.fromEntries(
            Object.entries(imageEventAttributes(event)).map(([name, value]) => [
              name,
              { DataType: "String", StringValue: value },
            ]),
          ),
        }),
      );
      await clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      report.republished.push(event.id);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
