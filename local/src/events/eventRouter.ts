import { setTimeout as sleep } from "node:timers/promises";
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

export interface DeadLetter {
  rule: string;
  event: unknown;
  error: string;
  at: string;
}

export interface RetryPolicy {
  attempts: number;
  firstBackoffMs: number;
}

/**
 * The local EventBridge bus: each event goes to the target of every rule whose pattern
 * matches; a failing target is retried with exponential backoff, then dead-lettered.
 */
export class EventRouter {
  readonly deadLetters: DeadLetter[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly rules: readonly EventRule[],
    private readonly retry: RetryPolicy,
    private readonly logger: Logger,
  ) {}

  put(event: unknown): void {
    for (const rule of this.rules) {
      if (!matchesEventPattern(rule.pattern, event)) continue;
      const delivery = this.deliver(rule, event);
      this.inFlight.add(delivery);
      delivery.finally(() => this.inFlight.delete(delivery));
    }
  }

  /** Resolves when every event put so far has been handled or dead-lettered. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(rule: EventRule, event: unknown): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await rule.target.invoke(event);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt >= this.retry.attempts) {
          this.logger.error({ rule: rule.name, attempt, err: error }, "event dead-lettered");
          this.deadLetters.push({
            rule: rule.name,
            event,
            error: message,
            at: new Date().toISOString(),
          });
          return;
        }
        this.logger.warn({ rule: rule.name, attempt, err: error }, "target failed; retrying");
        await sleep(this.retry.firstBackoffMs * 2 ** (attempt - 1));
      }
    }
  }
}
