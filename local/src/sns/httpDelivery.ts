import { setTimeout as sleep } from "node:timers/promises";
import type { ActivityLog, WebhookActivity } from "../activity/activityLog.js";
import type { Logger } from "../logger.js";

export interface Delivery {
  subscriptionArn: string;
  endpoint: string;
  messageType: string;
  messageId: string;
  headers: Record<string, string>;
  body: string;
  /** Seconds to wait before each retry; its length is the number of retries. */
  retryDelays: number[];
}

/** SNS waits this long for an HTTP/S endpoint to answer. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * POSTs one message to one endpoint as SNS does: any 2xx is delivered; anything else,
 * or no answer, is retried after each delay of the policy, then given up.
 *
 * @returns whether the endpoint took the message
 */
export async function deliver(
  delivery: Delivery,
  context: { activity: ActivityLog; logger: Logger; signal: AbortSignal },
): Promise<boolean> {
  const { activity, logger, signal } = context;
  const attempts = delivery.retryDelays.length + 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const outcome = await post(delivery);
    const base = {
      at: new Date().toISOString(),
      messageType: delivery.messageType,
      messageId: delivery.messageId,
      subscriptionArn: delivery.subscriptionArn,
      endpoint: delivery.endpoint,
      attempt,
      ...outcome,
    };
    if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) {
      activity.record({ kind: "webhook.delivered", ...base });
      logger.debug(base, "webhook delivered");
      return true;
    }
    const delayMs = (delivery.retryDelays[attempt - 1] ?? 0) * 1000;
    const record: WebhookActivity =
      attempt < attempts
        ? { kind: "webhook.retrying", ...base, retryInMs: delayMs }
        : { kind: "webhook.failed", ...base };
    activity.record(record);
    if (attempt < attempts) {
      logger.warn(record, "webhook delivery failed; retrying");
      // Stopping the local cloud abandons the retries still waiting.
      const stopped = await sleep(delayMs, false, { signal }).catch(() => true);
      if (stopped) return false;
    } else {
      logger.error(record, "webhook delivery gave up");
    }
  }
  return false;
}

/** A request under way runs to its end, or to its timeout, even when the local cloud stops. */
async function post(delivery: Delivery): Promise<{ status?: number; error?: string }> {
  try {
    const response = await fetch(delivery.endpoint, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { status: response.status };
  } catch (error) {
    const cause = error instanceof Error ? (error.cause ?? error) : error;
    return { error: cause instanceof Error ? cause.message : String(cause) };
  }
}
