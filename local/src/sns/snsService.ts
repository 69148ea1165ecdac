import type { KeyObject } from "node:crypto";
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import type { ActivityLog } from "../activity/activityLog.js";
import type { DeliveryJournal } from "../journal/deliveryJournal.js";
import type { Logger } from "../logger.js";
import { retryDelays } from "./deliveryPolicy.js";
import { type Delivery, deliver } from "./httpDelivery.js";
import {
  deliveryHeaders,
  notificationMessage,
  type SignedMessage,
  signMessage,
  subscriptionConfirmationMessage,
} from "./messages.js";
import {
  actionResponse,
  element,
  entryMap,
  memberList,
  type PublishRequest,
  type SnsRequest,
} from "./queryProtocol.js";
import type { SnsRegistry, Subscription } from "./snsRegistry.js";

export interface SnsServiceDeps {
  registry: SnsRegistry;
  /** Saves the registry; called after every change. */
  persist: () => Promise<void>;
  signingKey: KeyObject;
  /** Notifications owed to endpoints, written before they are sent. */
  journal: DeliveryJournal<Delivery>;
  activity: ActivityLog;
  logger: Logger;
}

/**
 * The SNS actions: each request changes the registry, answers in XML and starts the
 * deliveries it implies. Deliveries run in the background, as in SNS; a notification is
 * journaled before Publish answers, so one that was not delivered or given up when the
 * local cloud stopped is sent again at the next start (`resume`).
 */
export class SnsService {
  private readonly deliveries = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();
  private endpoint = "";

  constructor(private readonly deps: SnsServiceDeps) {
    // Every delivery waiting to retry listens for the stop.
    setMaxListeners(0, this.stopping.signal);
  }

  /** Where this service is reached; part of every SubscribeURL and UnsubscribeURL. */
  setEndpoint(endpoint: string): void {
    this.endpoint = endpoint;
  }

  get signingCertUrl(): string {
    return `${this.endpoint}/SimpleNotificationService-local.pem`;
  }

  async handle(request: SnsRequest, requestId: string): Promise<string> {
    const { registry } = this.deps;
    switch (request.action) {
      case "CreateTopic": {
        const topic = registry.createTopic(request.name, request.attributes);
        await this.deps.persist();
        return actionResponse(request.action, requestId, element("TopicArn", topic.topicArn));
      }
      case "ListTopics":
        return actionResponse(
          request.action,
          requestId,
          memberList(
            "Topics",
            registry.listTopics().map((t) => element("TopicArn", t.topicArn)),
          ),
        );
      case "Publish":
        return actionResponse(
          request.action,
          requestId,
          element("MessageId", await this.publish(request)),
        );
      case "Subscribe": {
        const subscription = await this.subscribe(request);
        const arn =
          subscription.pendingConfirmation && !request.returnSubscriptionArn
            ? "pending confirmation"
            : subscription.subscriptionArn;
        return actionResponse(request.action, requestId, element("SubscriptionArn", arn));
      }
      case "ConfirmSubscription": {
        const subscription = registry.confirm(request.topicArn, request.token);
        await this.deps.persist();
        this.deps.logger.info(
          { subscriptionArn: subscription.subscriptionArn },
          "subscription confirmed",
        );
        return actionResponse(
          request.action,
          requestId,
          element("SubscriptionArn", subscription.subscriptionArn),
        );
      }
      case "ListSubscriptionsByTopic":
        return actionResponse(
          request.action,
          requestId,
          memberList("Subscriptions", registry.listByTopic(request.topicArn).map(subscriptionXml)),
        );
      case "Unsubscribe":
        registry.unsubscribe(request.subscriptionArn);
        await this.deps.persist();
        return actionResponse(request.action, requestId);
      case "GetSubscriptionAttributes":
        return actionResponse(
          request.action,
          requestId,
          entryMap("Attributes", registry.attributes(request.subscriptionArn)),
        );
      case "SetSubscriptionAttributes":
        registry.setAttribute(request.subscriptionArn, request.name, request.value);
        await this.deps.persist();
        return actionResponse(request.action, requestId);
    }
  }

  /**
   * Makes the config's webhooks subscriptions of the topic. The local cloud confirms
   * them itself, like Terraform's `endpoint_auto_confirms`: the endpoint still gets its
   * SubscriptionConfirmation once, when the subscription is created, but notifications
   * flow whether or not it visits the SubscribeURL. Webhooks gone from the config are
   * unsubscribed.
   */
  async syncConfigWebhooks(
    topicArn: string,
    webhooks: readonly { url: string; events?: readonly string[] | undefined }[],
  ): Promise<void> {
    const { registry, logger } = this.deps;
    const wanted = new Map(webhooks.map((w) => [w.url, webhookAttributes(w.events)]));
    for (const s of registry.listByTopic(topicArn)) {
      const attributes = wanted.get(s.endpoint);
      if (s.origin !== "config") continue;
      if (!attributes) registry.unsubscribe(s.subscriptionArn);
      else if (s.attributes.FilterPolicy !== attributes.FilterPolicy) {
        registry.setAttribute(s.subscriptionArn, "FilterPolicy", attributes.FilterPolicy ?? "");
      }
    }
    for (const [url, attributes] of wanted) {
      const { protocol } = new URL(url);
      const { subscription, created } = registry.subscribe({
        topicArn,
        protocol: protocol.slice(0, -1),
        endpoint: url,
        attributes,
        origin: "config",
      });
      if (!created) continue;
      this.sendConfirmation(subscription);
      subscription.pendingConfirmation = false;
      logger.info({ endpoint: url }, "webhook from the config subscribed and confirmed");
    }
    await this.deps.persist();
  }

  /** Resolves when every delivery started so far has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  /** Sends the notifications the journal held when it was opened; returns how many. */
  resume(): number {
    const { journal, registry, logger } = this.deps;
    for (const { id, item } of journal.leftOver) {
      const subscription = registry.find(item.subscriptionArn);
      if (subscription) {
        this.dispatch(
          { ...item, retryDelays: retryDelays(registry.retryPolicy(subscription)) },
          id,
        );
      } else {
        logger.info({ id }, "the subscription is gone; notification dropped");
        void this.settle(id, "unsubscribed");
      }
    }
    return journal.leftOver.length;
  }

  /**
   * Abandons the retries still waiting, which stay in the journal, and waits for the
   * requests in flight.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  private async subscribe(request: Extract<SnsRequest, { action: "Subscribe" }>) {
    const { subscription, created } = this.deps.registry.subscribe(request);
    await this.deps.persist();
    if (created || subscription.pendingConfirmation) this.sendConfirmation(subscription);
    return subscription;
  }

  private async publish(request: PublishRequest): Promise<string> {
    const { registry } = this.deps;
    registry.topic(request.topicArn);
    const messageId = randomUUID();
    const recipients = registry.recipients(request.topicArn, request.messageAttributes);
    const signed = this.sign(
      notificationMessage({
        messageId,
        topicArn: request.topicArn,
        subject: request.subject,
        message: request.message,
        timestamp: new Date().toISOString(),
        unsubscribeUrl: "",
        messageAttributes: request.messageAttributes,
      }),
    );
    const deliveries = recipients.map((subscription) => {
      const message = { ...signed, UnsubscribeURL: this.unsubscribeUrl(subscription) };
      const raw = subscription.attributes.RawMessageDelivery === "true";
      return this.delivery(
        subscription,
        message,
        raw ? request.message : JSON.stringify(message),
        raw,
      );
    });
    const owed = deliveries.map((d) => ({
      id: `${d.messageId}/${d.subscriptionArn}`,
      delivery: d,
    }));
    await Promise.all(owed.map(({ id, delivery }) => this.deps.journal.owe(id, delivery)));
    for (const { id, delivery } of owed) this.dispatch(delivery, id);
    return messageId;
  }

  private sendConfirmation(subscription: Subscription): void {
    const params = new URLSearchParams({
      Action: "ConfirmSubscription",
      TopicArn: subscription.topicArn,
      Token: subscription.token,
    });
    const message = this.sign(
      subscriptionConfirmationMessage({
        messageId: randomUUID(),
        topicArn: subscription.topicArn,
        token: subscription.token,
        subscribeUrl: `${this.endpoint}/?${params}`,
        timestamp: new Date().toISOString(),
      }),
    );
    this.dispatch(this.delivery(subscription, message, JSON.stringify(message), false));
  }

  private delivery(
    subscription: Subscription,
    message: SignedMessage,
    body: string,
    raw: boolean,
  ): Delivery {
    const isNotification = message.Type === "Notification";
    return {
      subscriptionArn: subscription.subscriptionArn,
      endpoint: subscription.endpoint,
      messageType: message.Type,
      messageId: message.MessageId,
      headers: deliveryHeaders(
        message,
        isNotification ? subscription.subscriptionArn : undefined,
        raw,
      ),
      body,
      retryDelays: retryDelays(this.deps.registry.retryPolicy(subscription)),
    };
  }

  /** Sends in the background; a journaled delivery is marked done once delivered or given up. */
  private dispatch(delivery: Delivery, journalId?: string): void {
    const { activity, logger } = this.deps;
    const sent = deliver(delivery, { activity, logger, signal: this.stopping.signal }).then(
      async (delivered) => {
        // Stopping cut its retries short: it stays owed.
        if (journalId === undefined || (!delivered && this.stopping.signal.aborted)) return;
        await this.settle(journalId, delivered ? "delivered" : "gave-up");
      },
    );
    this.deliveries.add(sent);
    void sent.finally(() => this.deliveries.delete(sent));
  }

  /** Should the journal fail, the notification is only sent again later. */
  private async settle(id: string, outcome: string): Promise<void> {
    await this.deps.journal.settle(id, outcome).catch((error: unknown) => {
      this.deps.logger.error({ id, err: error }, "could not mark the notification done");
    });
  }

  private sign(message: Parameters<typeof signMessage>[0]): SignedMessage {
    return signMessage(message, this.deps.signingKey, this.signingCertUrl);
  }

  private unsubscribeUrl(subscription: Subscription): string {
    const params = new URLSearchParams({
      Action: "Unsubscribe",
      SubscriptionArn: subscription.subscriptionArn,
    });
    return `${this.endpoint}/?${params}`;
  }
}

function subscriptionXml(s: Subscription): string {
  return [
    element("TopicArn", s.topicArn),
    element("Protocol", s.protocol),
    element("SubscriptionArn", s.pendingConfirmation ? "PendingConfirmation" : s.subscriptionArn),
    element("Owner", s.owner),
    element("Endpoint", s.endpoint),
  ].join("");
}

/** A config webhook's `events` become a filter policy on the `eventType` attribute. */
function webhookAttributes(events: readonly string[] | undefined): Record<string, string> {
  return events ? { FilterPolicy: JSON.stringify({ eventType: events }) } : {};
}
