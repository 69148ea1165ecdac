import type { Activity, DeadLetter } from "../activity/activityLog.js";
import type { WebhookDeadLetter } from "../sns/webhookDeadLetters.js";
import { formatActivity, formatWebhookDeadLetter } from "./format.js";
import type { LocalCloudClient } from "./localCloudClient.js";

interface DeadLetters {
  deadLetters: DeadLetter[];
  webhookDeadLetters: WebhookDeadLetter[];
}

/**
 * `imgpipe events`: recent webhook deliveries and retries, EventBridge retries, and
 * every dead letter still kept. `--dead-letters` shows only the dead letters.
 */
export async function eventsCommand(
  cloud: LocalCloudClient,
  options: { limit: number; deadLettersOnly: boolean },
) {
  const letters = await cloud.control<DeadLetters>("/_local/dead-letters");
  if (!options.deadLettersOnly) {
    const { activity } = await cloud.control<{ activity: Activity[] }>(
      `/_local/activity?limit=${options.limit}`,
    );
    if (activity.length === 0) console.log("Nothing has happened yet.");
    for (const record of activity) console.log(formatActivity(record));
    console.log("");
  }
  printDeadLetters(letters);
}

function printDeadLetters({ deadLetters, webhookDeadLetters }: DeadLetters) {
  console.log(
    deadLetters.length === 0
      ? "No dead letters."
      : `${deadLetters.length} dead letter(s) — fix the cause, then \`imgpipe reprocess <id>\`:`,
  );
  for (const letter of deadLetters) console.log(`  ${formatActivity(letter)}`);
  console.log(
    webhookDeadLetters.length === 0
      ? "No webhook dead letters."
      : `${webhookDeadLetters.length} webhook dead letter(s) — once the receiver is back, \`imgpipe redrive [id…]\`:`,
  );
  for (const letter of webhookDeadLetters) console.log(`  ${formatWebhookDeadLetter(letter)}`);
}
