import * as z from "zod";
import { IMAGE_EVENT_TYPES } from "../events/eventSchemas.js";

/** The one environment whose webhooks may use plain http: the local cloud on this machine. */
export const LOCAL_ENVIRONMENT = "local";

/**
 * How SNS retries one webhook: `minDelayRetries` at the minimum delay, then backing off
 * to the maximum, then `maxDelayRetries` at the maximum. Defaults: 25 retries over about
 * 17 minutes, at most 10 requests a second so that a recovering receiver is not flooded.
 * SNS caps a retry policy at 100 retries and an hour in total.
 */
export const webhookDeliverySchema = z
  .strictObject({
    /** Retries after the first attempt; then the message goes to the dead-letter queue. */
    retries: z.number().int().min(0).max(100).default(25),
    minDelaySeconds: z.number().int().min(1).max(3600).default(1),
    maxDelaySeconds: z.number().int().min(1).max(3600).default(60),
    minDelayRetries: z.number().int().min(0).max(100).default(2),
    maxDelayRetries: z.number().int().min(0).max(100).default(15),
    backoff: z.enum(["linear", "arithmetic", "geometric", "exponential"]).default("exponential"),
    maxReceivesPerSecond: z.number().int().min(1).default(10),
  })
  .refine((d) => d.minDelaySeconds <= d.maxDelaySeconds, {
    error: "minDelaySeconds must not exceed maxDelaySeconds",
  })
  .transform((d) => ({
    ...d,
    // A short policy keeps its retries in the backoff phase rather than failing validation.
    minDelayRetries: Math.min(d.minDelayRetries, d.retries),
    maxDelayRetries: Math.min(
      d.maxDelayRetries,
      d.retries - Math.min(d.minDelayRetries, d.retries),
    ),
  }));
export type WebhookDelivery = z.output<typeof webhookDeliverySchema>;

/** A downstream service subscribed to the image events. */
export const webhookSchema = z.strictObject({
  /** Names the subscription in the infrastructure and in `imgpipe events`; unique. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "use 1–40 lowercase letters, digits and dashes"),
  url: z.url({ protocol: /^https?$/, error: "a webhook needs an http(s) URL" }),
  /** Event types this webhook receives; all of them when left out. */
  events: z.array(z.enum(IMAGE_EVENT_TYPES)).min(1).optional(),
  /** Owners whose events this webhook receives; every owner's when left out. */
  owners: z.array(z.string().min(1)).min(1).max(100).optional(),
  /**
   * POST the event JSON alone instead of SNS's signed envelope. Raw bodies carry no
   * signature, so a receiver cannot tell them from a forgery: keep it off for
   * endpoints on the internet.
   */
  rawDelivery: z.boolean().default(false),
  delivery: webhookDeliverySchema.prefault({}),
});
export type Webhook = z.output<typeof webhookSchema>;
export type WebhookInput = z.input<typeof webhookSchema>;

/** The webhook list: names and URLs unique, https everywhere but in the local cloud. */
export function checkWebhooks(
  webhooks: readonly Webhook[],
  environment: string,
  context: z.RefinementCtx,
): void {
  const names = new Set<string>();
  const urls = new Set<string>();
  webhooks.forEach((webhook, index) => {
    if (names.has(webhook.name)) {
      context.addIssue({
        code: "custom",
        message: `the webhook name "${webhook.name}" is used twice`,
        path: ["webhooks", index, "name"],
      });
    }
    if (urls.has(webhook.url)) {
      context.addIssue({
        code: "custom",
        message: "this URL is listed twice; list its events once instead",
        path: ["webhooks", index, "url"],
      });
    }
    if (environment !== LOCAL_ENVIRONMENT && isPlainHttp(webhook.url)) {
      context.addIssue({
        code: "custom",
        message: `plain http webhooks are only allowed in the "${LOCAL_ENVIRONMENT}" environment; use https`,
        path: ["webhooks", index, "url"],
      });
    }
    names.add(webhook.name);
    urls.add(webhook.url);
  });
}

function isPlainHttp(url: string): boolean {
  return URL.canParse(url) && new URL(url).protocol === "http:";
}

/**
 * The SNS filter policy of a webhook, on the message attributes `eventType` and
 * `ownerId`; undefined when it takes every event.
 */
export function webhookFilterPolicy(webhook: Webhook): Record<string, string[]> | undefined {
  const policy = {
    ...(webhook.events && { eventType: [...webhook.events] }),
    ...(webhook.owners && { ownerId: [...webhook.owners] }),
  };
  return Object.keys(policy).length > 0 ? policy : undefined;
}

/** The SNS delivery policy of a webhook's subscription. */
export function webhookDeliveryPolicy({ delivery }: Webhook) {
  return {
    healthyRetryPolicy: {
      numRetries: delivery.retries,
      numNoDelayRetries: 0,
      minDelayTarget: delivery.minDelaySeconds,
      maxDelayTarget: delivery.maxDelaySeconds,
      numMinDelayRetries: delivery.minDelayRetries,
      numMaxDelayRetries: delivery.maxDelayRetries,
      backoffFunction: delivery.backoff,
    },
    throttlePolicy: { maxReceivesPerSecond: delivery.maxReceivesPerSecond },
    requestPolicy: { headerContentType: "application/json; charset=UTF-8" },
  };
}
