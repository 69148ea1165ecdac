import { setTimeout as sleep } from "node:timers/promises";
import type { ActivityLog } from "../activity/activityLog.js";
import type { Logger } from "../logger.js";
import { type EventPattern, matchesEventPattern } from "./matchEventPattern.js";

export interface EventTarget {
  name: string;
  invoke(event: unknown): Promise<unknown>;
}

export interface EventRule {
  name: string;
  pattern: EventPattern;
  target: EventTarget;
}

/** A rule target's retry policy: `attempts` in all, the wait doubling after each failure. */
export interface RetryPolicy {
  attempts: number;
  firstBackoffMs: number;
}

/**
 * The local EventBridge bus: each event goes to the target of every rule whose pattern
 * matches; a failing target is retried with exponential backoff, then dead-lettered in
 * the activity log, which the CLI shows and which survives restarts.
 */
export class EventRouter {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly rules: readonly EventRule[],
    private readonly retry: RetryPolicy,
    private readonly activity: ActivityLog,
    private readonly logger: Logger,
  ) {}

  /** Sends the event to every matching rule's target; returns how many rules matched. */
  put(event: unknown): number {
    const matching = this.rules.filter((rule) => matchesEventPattern(rule.pattern, event));
    for (const rule of matching) {
      const delivery = this.deliver(rule, event);
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }
    return matching.length;
  }

  /** Resolves when every event put so far has been handled or dead-lettered. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(rule: EventRule, event: unknown): Promise<void> {
    const about = { rule: rule.name, eventId: eventIdOf(event), ...objectKeyOf(event) };
    for (let attempt = 1; ; attempt++) {
      try {
        await rule.target.invoke(event);
        this.activity.record({ kind: "event.delivered", at: now(), ...about, attempt });
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt >= this.retry.attempts) {
          this.logger.error({ ...about, attempt, err: error }, "event dead-lettered");
          this.activity.record({
            kind: "event.dead-lettered",
            at: now(),
            ...about,
            attempt,
            error: message,
            event,
          });
          return;
        }
        const retryInMs = this.retry.firstBackoffMs * 2 ** (attempt - 1);
        this.logger.warn({ ...about, attempt, err: error }, "target failed; retrying");
        this.activity.record({
          kind: "event.retrying",
          at: now(),
          ...about,
          attempt,
          error: message,
          retryInMs,
        });
        await sleep(retryInMs);
      }
    }
  }
}

const now = () => new Date().toISOString();

function eventIdOf(event: unknown): string {
  const id = (event as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : "";
}

function objectKeyOf(event: unknown): { key?: string } {
  const key = (event as { detail?: { object?: { key?: unknown } } } | null)?.detail?.object?.key;
  return typeof key === "string" ? { key } : {};
}
