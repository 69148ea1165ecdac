import type { Activity, DeadLetter } from "../activity/activityLog.js";
import { formatActivity } from "./format.js";
import type { LocalCloudClient } from "./localCloudClient.js";

/**
 * `imgpipe events`: recent webhook deliveries and retries, EventBridge retries, and
 * every dead letter still kept.
 */
export async function eventsCommand(cloud: LocalCloudClient, limit: number) {
  const { activity } = await cloud.control<{ activity: Activity[] }>(
    `/_local/activity?limit=${limit}`,
  );
  const { deadLetters } = await cloud.control<{ deadLetters: DeadLetter[] }>(
    "/_local/dead-letters",
  );
  if (activity.length === 0) console.log("Nothing has happened yet.");
  for (const record of activity) console.log(formatActivity(record));
  console.log(
    deadLetters.length === 0
      ? "\nNo dead letters."
      : `\n${deadLetters.length} dead letter(s) — fix the cause, then \`imgpipe reprocess <id>\`:`,
  );
  for (const letter of deadLetters) console.log(`  ${formatActivity(letter)}`);
}
