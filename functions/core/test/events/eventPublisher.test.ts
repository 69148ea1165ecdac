import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { EventPublisher, imageDeletedEvent } from "../../src/index.js";

const TOPIC = "arn:aws:sns:us-east-1:000000000000:imgpipe-test-events";

describe("EventPublisher", () => {
  it("publishes the event as JSON to the topic, with the attributes subscriptions filter on", async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });
    const event = imageDeletedEvent(
      { ownerId: "alice", imageId: "img-1" },
      new Date("2026-12-01T10:00:00Z"),
    );

    await new EventPublisher(new SNSClient({ region: "us-east-1" }), TOPIC).publish(event);

    const [call] = sns.commandCalls(PublishCommand);
    expect(call?.args[0].input).toEqual({
      TopicArn: TOPIC,
      Message: JSON.stringify(event),
      MessageAttributes: {
        eventType: { DataType: "String", StringValue: "image.deleted" },
        ownerId: { DataType: "String", StringValue: "alice" },
      },
    });
  });

  it("lets a failed publish reach the caller, which retries", async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).rejects(new Error("throttled"));
    const event = imageDeletedEvent({ ownerId: "alice", imageId: "img-1" }, new Date());

    const publishing = new EventPublisher(new SNSClient({ region: "us-east-1" }), TOPIC).publish(
      event,
    );

    await expect(publishing).rejects.toThrow("throttled");
  });
});
