import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { ActivityLog } from "../activity/activityLog.js";
import type { DeliveryJournal } from "../journal/deliveryJournal.js";
import type { Logger } from "../logger.js";
import { type EventPattern, matchesEventPattern } from "./matchEventPattern.js";
import { objectKeyOf } from "./objectCreatedEvent.js";
import { type RetrySchedule, retryDelayMs } from "./retrySchedule.js";

export interface EventTarget {
  name: string;
  /** An aborted `signal` abandons an invocation still waiting to start; a running one finishes. */
  invoke(event: unknown, options?: { signal?: AbortSignal }): Promise<unknown>;
}

export interface EventRule {
  name: string;
  pattern: EventPattern;
  target: EventTarget;
}

/** One event owed to one rule's target: what the bus journals. */
export interface RoutedEvent {
  rule: string;
  event: unknown;
}

/**
 * The local EventBridge bus. Each event is journaled for every rule whose pattern
 * matches before it goes to that rule's target; a failing target is retried by the
 * rule's retry policy, then dead-lettered in the activity log. Draining stops new
 * dispatches and lets the invocations under way finish; what was not delivered stays in
 * the journal and is sent again, with the same event id, by `resume` at the next start.
 */
export class EventRouter {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly draining = new AbortController();

  constructor(
    private readonly rules: readonly EventRule[],
    private readonly retry: RetrySchedule,
    private readonly journal: DeliveryJournal<RoutedEvent>,
    private readonly activity: ActivityLog,
    private readonly logger: Logger,
  ) {
    // Every delivery waiting for a sandbox or a retry listens for the drain.
    setMaxListeners(0, this.draining.signal);
  }

  /**
   * Journals the event for every matching rule, then sends it to their targets (while
   * draining, it waits in the journal for the next start). Resolves, with the number
   * of rules matched, once the journal holds it on disk.
   */
  async put(event: unknown): Promise<number> {
    const matching = this.rules.filter((rule) => matchesEventPattern(rule.pattern, event));
    await Promise.all(
      matching.map(async (rule) => {
        const id = `${rule.name}/${eventIdOf(event) || randomUUID()}`;
        await this.journal.owe(id, { rule: rule.name, event });
        this.dispatch(rule, id, event);
      }),
    );
    return matching.length;
  }

  /** Sends again what the journal held when it was opened; returns how many. */
  resume(): number {
    for (const { id, item } of this.journal.leftOver) {
      const rule = this.rules.find((r) => r.name === item.rule);
      if (rule) {
        this.dispatch(rule, id, item.event);
        continue;
      }
      this.logger.warn({ id, rule: item.rule }, "no such rule any more; event dropped");
      void this.settle(id, "no-such-rule");
    }
    return this.journal.leftOver.length;
  }

  /** The events owed now: delivering, waiting to retry, or left for the next start. */
  pendingEvents(): unknown[] {
    return this.journal.pending().map((owed) => owed.item.event);
  }

  /** Resolves when every event dispatched so far has been handled, dead-lettered or left. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Stops dispatching and abandons the retries still waiting, then waits for the
   * invocations under way, which their function's timeout bounds.
   */
  async drain(): Promise<void> {
    this.draining.abort();
    await this.idle();
  }

  private dispatch(rule: EventRule, id: string, event: unknown): void {
    if (this.draining.signal.aborted) return;
    const delivery = this.deliver(rule, id, event);
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(rule: EventRule, id: string, event: unknown): Promise<void> {
    const key = objectKeyOf(event);
    const about = { rule: rule.name, eventId: eventIdOf(event), ...(key && { key }) };
    const { signal } = this.draining;
    const firstAttemptAt = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await rule.target.invoke(event, { signal });
        this.activity.record({ kind: "event.delivered", at: now(), ...about, attempt });
        return this.settle(id, "delivered");
      } catch (error) {
        if (signal.aborted) {
          this.logger.info({ ...about, attempt }, "stopping: event left for the next start");
          return;
        }
        const message = error instanceof Error ? error.message : String(error);
        const retryInMs = retryDelayMs(this.retry, attempt, Date.now() - firstAttemptAt);
        if (retryInMs === undefined) {
          this.logger.error({ ...about, attempt, err: error }, "event dead-lettered");
          this.activity.record({
            kind: "event.dead-lettered",
            at: now(),
            ...about,
            attempt,
            error: message,
            event,
          });
          return this.settle(id, "dead-lettered");
        }
        this.logger.warn({ ...about, attempt, err: error }, "target failed; retrying");
        this.activity.record({
          kind: "event.retrying",
          at: now(),
          ...about,
          attempt,
          error: message,
          retryInMs,
        });
        const drained = await sleep(retryInMs, false, { signal }).catch(() => true);
        if (drained) return;
      }
    }
  }

  /** Marks the event done; should the journal fail, it is only delivered again later. */
  private async settle(id: string, outcome: string): Promise<void> {
    await this.journal.settle(id, outcome).catch((error: unknown) => {
      this.logger.error({ id, err: error }, "could not mark the event done in the journal");
    });
  }
}

const now = () => new Date().toISOString();

function eventIdOf(event: unknown): string {
  const id = (event as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : "";
}
