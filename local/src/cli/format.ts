import type { Activity } from "../activity/activityLog.js";
import type { WebhookDeadLetter } from "../sns/webhookDeadLetters.js";

/** Rows as aligned columns, the first row a header. Pure, for the CLI's output. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** One activity record as a line of `imgpipe events`. */
export function formatActivity(activity: Activity): string {
  const time = activity.at.slice(11, 23);
  switch (activity.kind) {
    case "webhook.delivered":
    case "webhook.retrying":
    case "webhook.failed": {
      const outcome = activity.status !== undefined ? `HTTP ${activity.status}` : activity.error;
      const retry =
        activity.retryInMs !== undefined ? `, retry in ${activity.retryInMs / 1000}s` : "";
      return `${time}  ${activity.kind.padEnd(19)} ${activity.messageType} ${activity.messageId} → ${activity.endpoint} (attempt ${activity.attempt}: ${outcome}${retry})`;
    }
    case "event.delivered":
    case "event.retrying": {
      const detail =
        activity.kind === "event.retrying"
          ? ` (attempt ${activity.attempt}: ${activity.error}, retry in ${(activity.retryInMs ?? 0) / 1000}s)`
          : activity.attempt > 1
            ? ` (attempt ${activity.attempt})`
            : "";
      return `${time}  ${activity.kind.padEnd(19)} ${activity.rule} ${activity.key ?? activity.eventId}${detail}`;
    }
    case "event.dead-lettered":
      return `${time}  ${activity.kind.padEnd(19)} ${activity.rule} ${activity.key ?? activity.eventId} after ${activity.attempt} attempts: ${activity.error}`;
  }
}

/** One webhook dead letter as a line of `imgpipe events --dead-letters`. */
export function formatWebhookDeadLetter(letter: WebhookDeadLetter): string {
  const outcome = letter.lastStatus !== undefined ? `HTTP ${letter.lastStatus}` : letter.lastError;
  const event = eventTypeOf(letter.message.MessageAttributes);
  return `${letter.id}  ${letter.at.slice(0, 19)}Z  ${event}${letter.message.MessageId} → ${letter.endpoint} (${letter.attempts} attempts, last: ${outcome ?? "no answer"})`;
}

function eventTypeOf(attributes: WebhookDeadLetter["message"]["MessageAttributes"]): string {
  const type = attributes?.eventType?.Value;
  return type ? `${type} ` : "";
}
