/**
 * An imgpipe webhook receiver on plain node:http, using @imgpipe/webhooks. Run it next
 * to the local cloud (`npm start`, then `npm run example:webhooks`): it subscribes
 * itself to the local events topic, confirms the subscription, and prints each event
 * whose signature it verified. Ctrl-C unsubscribes it.
 *
 * Against AWS, the subscription comes from `webhooks` in the environment's config
 * instead; keep the receiver and drop `subscribe()`, and leave out `trustedOrigins`.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { nodeHandler, WebhookReceiver } from "@imgpipe/webhooks";

const api = `http://127.0.0.1:${process.env.IMGPIPE_API_PORT ?? 4572}`;
const host = process.env.HOST ?? "127.0.0.1";

const { endpoints, resources } = await localCloudStatus();
const receiver = new WebhookReceiver({
  topicArns: [resources.eventsTopicArn],
  // The local SNS serves its own signing certificate; on AWS only SNS's hosts are trusted.
  trustedOrigins: [endpoints.sns],
  onEvent: (event) => {
    const detail =
      event.type === "image.processed"
        ? `${event.data.source.width}×${event.data.source.height}, ${event.data.variants.length} variants`
        : event.type === "image.failed"
          ? `${event.data.reason.code}: ${event.data.reason.message}`
          : "deleted";
    console.log(`verified ${event.type} ${event.data.ownerId}/${event.data.imageId} (${detail})`);
  },
});

const server = createServer(nodeHandler(receiver)).listen(Number(process.env.PORT ?? 0), host);
await once(server, "listening");
const url = `http://${host}:${(server.address() as AddressInfo).port}/imgpipe`;
const subscribed = await sns("Subscribe", {
  TopicArn: resources.eventsTopicArn,
  Protocol: "http",
  Endpoint: url,
  ReturnSubscriptionArn: "true",
});
const subscriptionArn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(subscribed)?.[1] ?? "";
console.log(`listening on ${url}, subscribed to ${resources.eventsTopicArn}`);

process.once("SIGINT", async () => {
  await sns("Unsubscribe", { SubscriptionArn: subscriptionArn });
  console.log("unsubscribed");
  server.close();
});

async function localCloudStatus(): Promise<{
  endpoints: { sns: string };
  resources: { eventsTopicArn: string };
}> {
  try {
    return (await (await fetch(`${api}/_local/status`)).json()) as never;
  } catch {
    console.error(`No local cloud answers at ${api}: start it with \`npm start\` first.`);
    process.exit(1);
  }
}

/** One call of the SNS Query API, as the AWS SDK would make it. */
async function sns(action: string, params: Record<string, string>): Promise<string> {
  const response = await fetch(endpoints.sns, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ Action: action, ...params }),
  });
  if (!response.ok)
    throw new Error(`SNS ${action}: HTTP ${response.status} ${await response.text()}`);
  return response.text();
}
