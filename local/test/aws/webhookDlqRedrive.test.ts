import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { imageDeletedEvent } from "@imgpipe/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { eventOfDeadLetter, redriveWebhookDlq } from "../../src/aws/webhookDlqRedrive.js";

// No local SQS exists, so the SDK calls are mocked (aws-sdk-client-mock).
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:imgpipe-prod-image-events";
const QUEUE_URL =
  "https://sqs.eu-west-1.amazonaws.com/123456789012/imgpipe-prod-webhook-dead-letters";
const event = imageDeletedEvent({ ownerId: "alice", imageId: "cat" }, new Date());
const raw = `${JSON.stringify(event).slice(0, -1)},"addedLater":true}`;
const envelope = JSON.stringify({ Type: "Notification", TopicArn: TOPIC, Message: raw });

describe("eventOfDeadLetter", () => {
  it("reads the event out of an SNS envelope or a raw-delivery body, keeping its text", () => {
    expect(eventOfDeadLetter(envelope)).toEqual({ event, text: raw });
    expect(eventOfDeadLetter(raw)).toEqual({ event, text: raw });
    expect(eventOfDeadLetter('{"hello":"world"}')).toBeUndefined();
    expect(eventOfDeadLetter("not json")).toBeUndefined();
  });
});

describe("redriveWebhookDlq", () => {
  beforeEach(() => {
    sqs.reset();
    sns.reset();
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: QUEUE_URL });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          { MessageId: "q-1", ReceiptHandle: "r-1", Body: envelope },
          { MessageId: "q-2", ReceiptHandle: "r-2", Body: "garbage" },
        ],
      })
      .resolves({ Messages: [] });
    sqs.on(DeleteMessageCommand).resolves({});
  });

  it("publishes each event again with its filter attributes, then deletes it; keeps the unreadable", async () => {
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });

    const report = await redriveWebhookDlq(
      { sqs: new SQSClient({}), sns: new SNSClient({}) },
      { queueName: "imgpipe-prod-webhook-dead-letters", topicArn: TOPIC },
    );

    expect(report).toEqual({ republished: [event.id], unreadable: ["q-2"] });
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      {
        TopicArn: TOPIC,
        Message: raw,
        MessageAttributes: {
          eventType: { DataType: "String", StringValue: "image.deleted" },
          ownerId: { DataType: "String", StringValue: "alice" },
        },
      },
    ]);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: "r-1" },
    ]);
  });

  it("deletes nothing when publishing fails, so the message stays in the queue", async () => {
    sns.on(PublishCommand).rejects(new Error("throttled"));

    const run = redriveWebhookDlq(
      { sqs: new SQSClient({}), sns: new SNSClient({}) },
      { queueName: "imgpipe-prod-webhook-dead-letters", topicArn: TOPIC },
    );

    await expect(run).rejects.toThrow("throttled");
    expect(sqs.commandCalls(DeleteMessageCommand)).toEqual([]);
  });
});
