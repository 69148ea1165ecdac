import type { KeyObject } from "node:crypto";
import { randomUUID } from "node:crypto";
import { type Webhook, webhookDeliveryPolicy, webhookFilterPolicy } from "@imgpipe/core";
import type { ActivityLog } from "../activity/activityLog.js";
import type { Logger } from "../logger.js";
import { retryDelays } from "./deliveryPolicy.js";
import { deliver } from "./httpDelivery.js";
import {
  deliveryHeaders,
  notificationMessage,
  type SignedMessage,
  signMessage,
  subscriptionConfirmationMessage,
  type UnsignedMessage,
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
import type { RedriveResult, WebhookDeadLetter, WebhookDeadLetters } from "./webhookDeadLetters.js";

export interface SnsServiceDeps {
  registry: SnsRegistry;
  /** Saves the registry; called after every change. */
  persist: () => Promise<void>;
  signingKey: KeyObject;
  activity: ActivityLog;
  /** Where notifications that exhaust their delivery policy go, as to a subscription's DLQ. */
  deadLetters: WebhookDeadLetters;
  logger: Logger;
}

/**
 * The SNS actions: each request changes the registry, answers in XML and starts the
 * deliveries it implies. Deliveries run in the background, as in SNS.
 */
export class SnsService {
  private readonly deliveries = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();
  private endpoint = "";

  constructor(private readonly deps: SnsServiceDeps) {}

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
          element("MessageId", this.publish(request)),
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
  async syncConfigWebhooks(topicArn: string, webhooks: readonly Webhook[]): Promise<void> {
    const { registry, logger } = this.deps;
    const wanted = new Map(webhooks.map((w) => [w.url, webhookAttributes(w)]));
    for (const s of registry.listByTopic(topicArn)) {
      const attributes = wanted.get(s.endpoint);
      if (s.origin !== "config") continue;
      if (!attributes) registry.unsubscribe(s.subscriptionArn);
      else this.updateAttributes(s, attributes);
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

  /** Gives a config subscription the attributes its webhook now asks for. */
  private updateAttributes(subscription: Subscription, wanted: Record<string, string>): void {
    for (const name of SYNCED_ATTRIBUTES) {
      if (subscription.attributes[name] !== wanted[name]) {
        this.deps.registry.setAttribute(subscription.subscriptionArn, name, wanted[name] ?? "");
      }
    }
  }

  /**
   * Sends dead letters again (all, or those with the given ids) to their subscriptions,
   * signed afresh. One that fails again goes back to the dead letters; one whose
   * subscription is gone stays there.
   *
   * @returns the dead letters sent, and those kept because their subscription is gone
   */
  async redrive(ids?: readonly string[]): Promise<RedriveResult> {
    const letters = await this.deps.deadLetters.take(ids);
    const orphans: WebhookDeadLetter[] = [];
    const sent: WebhookDeadLetter[] = [];
    for (const letter of letters) {
      const subscription = this.deps.registry
        .snapshot()
        .subscriptions.find((s) => s.subscriptionArn === letter.subscriptionArn);
      if (!subscription) {
        orphans.push(letter);
        continue;
      }
      const message = this.sign({ ...letter.message, Timestamp: new Date().toISOString() });
      const raw = subscription.attributes.RawMessageDelivery === "true";
      this.send(subscription, message, raw ? message.Message : JSON.stringify(message), raw);
      sent.push(letter);
    }
    await this.deps.deadLetters.restore(orphans);
    return { sent, orphans };
  }

  /** Resolves when every delivery started so far has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  /** Abandons the retries still waiting, and waits for the requests in flight. */
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

  private publish(request: PublishRequest): string {
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
    for (const subscription of recipients) {
      const message = { ...signed, UnsubscribeURL: this.unsubscribeUrl(subscription) };
      const raw = subscription.attributes.RawMessageDelivery === "true";
      this.send(subscription, message, raw ? request.message : JSON.stringify(message), raw);
    }
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
    this.send(subscription, message, JSON.stringify(message), false);
  }

  private send(subscription: Subscription, message: SignedMessage, body: string, raw: boolean) {
    const isNotification = message.Type === "Notification";
    const delivery = deliver(
      {
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
      },
      { activity: this.deps.activity, logger: this.deps.logger, signal: this.stopping.signal },
    );
    const settled = delivery
      .then((delivered) => {
        if (!delivered && isNotification && !this.stopping.signal.aborted) {
          return this.deadLetter(subscription, message);
        }
      })
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error, messageId: message.MessageId }, "dead letter lost");
      });
    this.deliveries.add(settled);
    void settled.finally(() => this.deliveries.delete(settled));
  }

  /** A notification whose retries are exhausted goes to the dead letters, as SNS's redrive policy does. */
  private async deadLetter(subscription: Subscription, signed: SignedMessage): Promise<void> {
    const { Signature, SignatureVersion, SigningCertURL, ...message } = signed;
    const last = this.deps.activity
      .recent()
      .findLast(
        (r) =>
          r.kind === "webhook.failed" &&
          r.messageId === message.MessageId &&
          r.subscriptionArn === subscription.subscriptionArn,
      );
    const outcome = last?.kind === "webhook.failed" ? last : undefined;
    const letter = await this.deps.deadLetters.add({
      subscriptionArn: subscription.subscriptionArn,
      endpoint: subscription.endpoint,
      message: message satisfies UnsignedMessage,
      attempts: outcome?.attempt ?? 0,
      ...(outcome?.status !== undefined && { lastStatus: outcome.status }),
      ...(outcome?.error !== undefined && { lastError: outcome.error }),
    });
    this.deps.logger.warn(
      { deadLetterId: letter.id, endpoint: letter.endpoint, messageId: message.MessageId },
      "webhook notification dead-lettered; `imgpipe redrive` sends it again",
    );
  }

  /** Signs with the version the topic's `SignatureVersion` attribute names (2 when unset). */
  private sign(message: UnsignedMessage): SignedMessage {
    const version = this.deps.registry.topic(message.TopicArn).attributes.SignatureVersion;
    return signMessage(
      message,
      this.deps.signingKey,
      this.signingCertUrl,
      version === "1" ? "1" : "2",
    );
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

/** The subscription attributes the config decides for its webhooks. */
const SYNCED_ATTRIBUTES = ["FilterPolicy", "DeliveryPolicy", "RawMessageDelivery"] as const;

/** A config webhook as SNS subscription attributes: the same policies the infrastructure sets. */
function webhookAttributes(webhook: Webhook): Record<string, string> {
  const filterPolicy = webhookFilterPolicy(webhook);
  return {
    ...(filterPolicy && { FilterPolicy: JSON.stringify(filterPolicy) }),
    DeliveryPolicy: JSON.stringify(webhookDeliveryPolicy(webhook)),
    RawMessageDelivery: String(webhook.rawDelivery),
  };
}
