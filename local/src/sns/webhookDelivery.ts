import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../logger.js";
import type { PublishRequest } from "./queryProtocol.js";

export interface WebhookSubscription {
  subscriptionArn: string;
  url: string;
  /** Event types (message attribute `eventType`) it receives; all when undefined. */
  eventTypes: readonly string[] | undefined;
}

export interface Notification {
  messageId: string;
  topicArn: string;
  timestamp: string;
  request: PublishRequest;
}

/** The JSON body SNS posts to an HTTP(S) subscriber for a notification. */
export function notificationEnvelope(notification: Notification, unsubscribeUrl: string) {
  const { request } = notification;
  return {
    Type: "Notification",
    MessageId: notification.messageId,
    TopicArn: notification.topicArn,
    ...(request.subject !== undefined && { Subject: request.subject }),
    Message: request.message,
    Timestamp: notification.timestamp,
    UnsubscribeURL: unsubscribeUrl,
    MessageAttributes: Object.fromEntries(
      Object.entries(request.messageAttributes).map(([name, a]) => [
        name,
        { Type: a.type, Value: a.value },
      ]),
    ),
  };
}

export function acceptsNotification(subscription: WebhookSubscription, request: PublishRequest) {
  if (!subscription.eventTypes) return true;
  const eventType = request.messageAttributes.eventType?.value;
  return eventType !== undefined && subscription.eventTypes.includes(eventType);
}

const ATTEMPTS = 3;
const FIRST_BACKOFF_MS = 100;

/** POSTs one notification the way SNS does, retrying with backoff while the endpoint fails. */
export async function deliverNotification(
  subscription: WebhookSubscription,
  notification: Notification,
  unsubscribeUrl: string,
  logger: Logger,
): Promise<boolean> {
  const body = JSON.stringify(notificationEnvelope(notification, unsubscribeUrl));
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const response = await fetch(subscription.url, {
        method: "POST",
        headers: {
          "content-type": "text/plain; charset=UTF-8",
          "x-amz-sns-message-type": "Notification",
          "x-amz-sns-message-id": notification.messageId,
          "x-amz-sns-topic-arn": notification.topicArn,
          "x-amz-sns-subscription-arn": subscription.subscriptionArn,
          "user-agent": "Amazon Simple Notification Service Agent",
        },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      if (response.ok) return true;
      logger.warn({ url: subscription.url, status: response.status, attempt }, "webhook refused");
    } catch (error) {
      logger.warn({ url: subscription.url, attempt, err: error }, "webhook unreachable");
    }
    if (attempt < ATTEMPTS) await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1));
  }
  logger.error(
    { url: subscription.url, messageId: notification.messageId },
    "webhook delivery gave up",
  );
  return false;
}
