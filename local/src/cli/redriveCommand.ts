import type { WebhookDeadLetter } from "../sns/webhookDeadLetters.js";
import type { LocalCloudClient } from "./localCloudClient.js";

/**
 * `imgpipe redrive [id…]`: sends webhook dead letters (all, or those named) to their
 * webhooks again, signed afresh. One that fails again is dead-lettered again.
 */
export async function redriveCommand(cloud: LocalCloudClient, ids: readonly string[]) {
  const { sent, orphans } = await cloud.control<{
    sent: WebhookDeadLetter[];
    orphans: WebhookDeadLetter[];
  }>("/_local/redrive", { method: "POST", body: ids.length > 0 ? { ids } : {} });
  if (sent.length === 0 && orphans.length === 0) console.log("No webhook dead letters to redrive.");
  for (const letter of sent) {
    console.log(`sent again  ${letter.id}  ${letter.message.MessageId} → ${letter.endpoint}`);
  }
  for (const letter of orphans) {
    console.log(`kept        ${letter.id}  its subscription to ${letter.endpoint} is gone`);
  }
  if (sent.length > 0) console.log("Follow the deliveries with `imgpipe events`.");
}
