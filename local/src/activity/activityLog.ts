import { JsonLines } from "../storage/jsonLines.js";

/** What the local cloud did with events and webhooks: what `imgpipe events` shows. */
export type Activity =
  | WebhookActivity
  | {
      kind: "event.delivered" | "event.retrying";
      at: string;
      rule: string;
      eventId: string;
      key?: string;
      attempt: number;
      error?: string;
      retryInMs?: number;
    }
  | DeadLetter;

export interface WebhookActivity {
  kind: "webhook.delivered" | "webhook.retrying" | "webhook.failed";
  at: string;
  messageType: string;
  messageId: string;
  subscriptionArn: string;
  endpoint: string;
  attempt: number;
  status?: number;
  error?: string;
  retryInMs?: number;
}

/** An EventBridge event whose target kept failing: kept until the data folder is reset. */
export interface DeadLetter {
  kind: "event.dead-lettered";
  at: string;
  rule: string;
  eventId: string;
  key?: string;
  attempt: number;
  error: string;
  event: unknown;
}

/** Records a long log keeps before it is compacted at start; dead letters are always kept. */
const KEEP = 2000;

/**
 * An append-only activity log in the data folder, with the recent part in memory. It
 * survives restarts, so dead letters stay visible until `--reset`.
 */
export class ActivityLog {
  private readonly records: Activity[] = [];

  private constructor(private readonly file: JsonLines<Activity>) {}

  static async open(path: string): Promise<ActivityLog> {
    const log = new ActivityLog(new JsonLines<Activity>(path));
    const stored = await log.file.readAll();
    log.records.push(...compact(stored));
    return log;
  }

  record(activity: Activity): void {
    this.records.push(activity);
    if (this.records.length > 2 * KEEP) this.records.splice(0, Infinity, ...compact(this.records));
    void this.file.append(activity);
  }

  /** The most recent records, oldest first. */
  recent(limit = 100): Activity[] {
    return this.records.slice(-limit);
  }

  deadLetters(): DeadLetter[] {
    return this.records.filter((r): r is DeadLetter => r.kind === "event.dead-lettered");
  }

  flushed(): Promise<void> {
    return this.file.flushed();
  }
}

/** The last KEEP records plus every older dead letter, in order. */
export function compact(records: Activity[]): Activity[] {
  if (records.length <= KEEP) return records;
  const cut = records.length - KEEP;
  return records.filter((r, i) => i >= cut || r.kind === "event.dead-lettered");
}
