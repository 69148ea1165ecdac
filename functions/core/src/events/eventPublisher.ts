import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { type ImageEvent, imageEventAttributes } from "./imageEvents.js";

/**
 * Publishes image events to the SNS topic that fans out to webhooks: the versioned JSON
 * body, and the attributes subscriptions filter on. process-image and the API share it.
 *
 * @example
 * const events = new EventPublisher(new SNSClient({}), topicArn);
 * await events.publish(imageDeletedEvent({ ownerId, imageId }, new Date()));
 */
export class EventPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(event: ImageEvent): Promise<void> {
    const attributes = Object.entries(imageEventAttributes(event)).map(([name, value]) => [
      name,
      { DataType: "String", StringValue: value },
    ]);
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify(event),
        MessageAttributes: Object.fromEntries(attributes),
      }),
    );
  }
}
