import { randomBytes, randomUUID } from "node:crypto";
import { SnsApiError } from "../errors.js";
import { DEFAULT_RETRY_POLICY, parseRetryPolicy, type RetryPolicy } from "./deliveryPolicy.js";
import { matchesFilterPolicy, parseFilterPolicy } from "./filterPolicy.js";
import type { MessageAttribute } from "./queryProtocol.js";

export interface Topic {
  topicArn: string;
  name: string;
  attributes: Record<string, string>;
}

export interface Subscription {
  subscriptionArn: string;
  topicArn: string;
  protocol: "http" | "https";
  endpoint: string;
  owner: string;
  pendingConfirmation: boolean;
  /** The token of its SubscriptionConfirmation; visiting the SubscribeURL again is harmless. */
  token: string;
  /** FilterPolicy, FilterPolicyScope, RawMessageDelivery, DeliveryPolicy, as set. */
  attributes: Record<string, string>;
  /** "config" for the webhooks of the pipeline config, which the local cloud manages. */
  origin?: "config";
}

/** Everything the registry keeps; what is saved in the data folder. */
export interface SnsSnapshot {
  topics: Topic[];
  subscriptions: Subscription[];
}

const SETTABLE = ["FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "DeliveryPolicy"];

/**
 * Topics and subscriptions, with SNS's rules for creating, confirming and filtering
 * them. No I/O: the server persists a snapshot after each change.
 */
export class SnsRegistry {
  private readonly topics = new Map<string, Topic>();
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(
    private readonly account: string,
    private readonly region: string,
    snapshot: SnsSnapshot = { topics: [], subscriptions: [] },
  ) {
    for (const topic of snapshot.topics) this.topics.set(topic.topicArn, topic);
    for (const s of snapshot.subscriptions) this.subscriptions.set(s.subscriptionArn, s);
  }

  snapshot(): SnsSnapshot {
    return { topics: [...this.topics.values()], subscriptions: [...this.subscriptions.values()] };
  }

  /** Idempotent, as in SNS: the same name gives the same topic. */
  createTopic(name: string, attributes: Record<string, string> = {}): Topic {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) {
      throw new SnsApiError("InvalidParameter", "Invalid parameter: Topic Name", 400);
    }
    if (attributes.DeliveryPolicy) parseRetryPolicy(attributes.DeliveryPolicy);
    const topicArn = `arn:aws:sns:${this.region}:${this.account}:${name}`;
    const topic = this.topics.get(topicArn) ?? { topicArn, name, attributes };
    this.topics.set(topicArn, topic);
    return topic;
  }

  listTopics(): Topic[] {
    return [...this.topics.values()];
  }

  topic(topicArn: string): Topic {
    const topic = this.topics.get(topicArn);
    if (!topic) throw new SnsApiError("NotFound", "Topic does not exist", 404);
    return topic;
  }

  /**
   * A new subscription waiting for confirmation, or the existing one for the same
   * endpoint when its attributes are the same.
   */
  subscribe(input: {
    topicArn: string;
    protocol: string;
    endpoint: string;
    attributes: Record<string, string>;
    origin?: "config";
  }): { subscription: Subscription; created: boolean } {
    this.topic(input.topicArn);
    const protocol = validateEndpoint(input.protocol, input.endpoint);
    for (const [name, value] of Object.entries(input.attributes)) validateAttribute(name, value);
    const existing = [...this.subscriptions.values()].find(
      (s) => s.topicArn === input.topicArn && s.endpoint === input.endpoint,
    );
    if (existing) {
      if (!sameAttributes(existing.attributes, input.attributes)) {
        throw new SnsApiError(
          "InvalidParameter",
          "Invalid parameter: Attributes Reason: Subscription already exists with different attributes",
          400,
        );
      }
      return { subscription: existing, created: false };
    }
    const subscription: Subscription = {
      subscriptionArn: `${input.topicArn}:${randomUUID()}`,
      topicArn: input.topicArn,
      protocol,
      endpoint: input.endpoint,
      owner: this.account,
      pendingConfirmation: true,
      token: randomBytes(64).toString("hex"),
      attributes: { ...input.attributes },
      ...(input.origin && { origin: input.origin }),
    };
    this.subscriptions.set(subscription.subscriptionArn, subscription);
    return { subscription, created: true };
  }

  /** @throws SnsApiError `InvalidParameter` when no subscription of the topic has this token */
  confirm(topicArn: string, token: string): Subscription {
    this.topic(topicArn);
    const subscription = [...this.subscriptions.values()].find(
      (s) => s.topicArn === topicArn && s.token === token,
    );
    if (!subscription) throw new SnsApiError("InvalidParameter", "Invalid token", 400);
    subscription.pendingConfirmation = false;
    return subscription;
  }

  unsubscribe(subscriptionArn: string): Subscription {
    const subscription = this.subscription(subscriptionArn);
    this.subscriptions.delete(subscriptionArn);
    return subscription;
  }

  listByTopic(topicArn: string): Subscription[] {
    this.topic(topicArn);
    return [...this.subscriptions.values()].filter((s) => s.topicArn === topicArn);
  }

  /** The subscription, or undefined when there is none by that ARN. */
  find(subscriptionArn: string): Subscription | undefined {
    return this.subscriptions.get(subscriptionArn);
  }

  subscription(subscriptionArn: string): Subscription {
    const subscription = this.subscriptions.get(subscriptionArn);
    if (!subscription) throw new SnsApiError("NotFound", "Subscription does not exist", 404);
    return subscription;
  }

  /** The attributes GetSubscriptionAttributes answers with. */
  attributes(subscriptionArn: string): Record<string, string> {
    const s = this.subscription(subscriptionArn);
    return {
      SubscriptionArn: s.subscriptionArn,
      TopicArn: s.topicArn,
      Owner: s.owner,
      Protocol: s.protocol,
      Endpoint: s.endpoint,
      PendingConfirmation: String(s.pendingConfirmation),
      ConfirmationWasAuthenticated: "false",
      RawMessageDelivery: "false",
      ...(s.attributes.FilterPolicy && { FilterPolicyScope: "MessageAttributes" }),
      ...s.attributes,
      EffectiveDeliveryPolicy: JSON.stringify({ healthyRetryPolicy: this.retryPolicy(s) }),
    };
  }

  /** An empty value removes the attribute, as SNS does for FilterPolicy. */
  setAttribute(subscriptionArn: string, name: string, value: string): void {
    const subscription = this.subscription(subscriptionArn);
    validateAttribute(name, value);
    if (value === "") delete subscription.attributes[name];
    else subscription.attributes[name] = value;
  }

  /** The confirmed subscriptions of the topic whose filter policy accepts the message. */
  recipients(topicArn: string, attributes: Record<string, MessageAttribute>): Subscription[] {
    return this.listByTopic(topicArn).filter((s) => {
      if (s.pendingConfirmation) return false;
      const policy = s.attributes.FilterPolicy;
      return policy === undefined || matchesFilterPolicy(parseFilterPolicy(policy), attributes);
    });
  }

  /** The subscription's own policy, else its topic's, else SNS's default for HTTP/S. */
  retryPolicy(subscription: Subscription): RetryPolicy {
    const own = subscription.attributes.DeliveryPolicy;
    const topic = this.topics.get(subscription.topicArn)?.attributes.DeliveryPolicy;
    return (
      (own && parseRetryPolicy(own)) || (topic && parseRetryPolicy(topic)) || DEFAULT_RETRY_POLICY
    );
  }
}

function validateEndpoint(protocol: string, endpoint: string): "http" | "https" {
  if (protocol !== "http" && protocol !== "https") {
    throw new SnsApiError(
      "InvalidParameter",
      `Invalid parameter: Protocol: the local SNS delivers to http and https endpoints, not ${protocol}`,
      400,
    );
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (error) {
    throw new SnsApiError("InvalidParameter", "Invalid parameter: Endpoint", 400, { cause: error });
  }
  if (url.protocol !== `${protocol}:`) {
    throw new SnsApiError(
      "InvalidParameter",
      `Invalid parameter: Endpoint must be ${protocol}`,
      400,
    );
  }
  return protocol;
}

function validateAttribute(name: string, value: string): void {
  if (!SETTABLE.includes(name)) {
    throw new SnsApiError("InvalidParameter", `Invalid parameter: AttributeName: ${name}`, 400);
  }
  if (value === "") return;
  if (name === "FilterPolicy") parseFilterPolicy(value);
  if (name === "DeliveryPolicy") parseRetryPolicy(value);
  if (name === "RawMessageDelivery" && value !== "true" && value !== "false") {
    throw new SnsApiError("InvalidParameter", "Invalid parameter: RawMessageDelivery", 400);
  }
  if (name === "FilterPolicyScope" && value !== "MessageAttributes") {
    throw new SnsApiError(
      "InvalidParameter",
      "Invalid parameter: FilterPolicyScope: the local SNS filters on MessageAttributes only",
      400,
    );
  }
}

function sameAttributes(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
