import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import { LOCAL_HOST } from "../settings.js";
import { errorResponse, parsePublishRequest, publishResponse } from "./queryProtocol.js";
import {
  acceptsNotification,
  deliverNotification,
  type WebhookSubscription,
} from "./webhookDelivery.js";

export interface LocalSns {
  endpoint: string;
  /** Resolves when every delivery started so far has finished (delivered or given up). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A first SNS stand-in: one topic, Publish over the real SDK's wire protocol, and
 * delivery of each message to the topic's webhook subscriptions.
 */
export async function startLocalSns(options: {
  port: number;
  topicArn: string;
  webhooks: { url: string; events?: readonly string[] | undefined }[];
  logger: Logger;
}): Promise<LocalSns> {
  const logger = options.logger.child({ service: "sns" });
  const subscriptions: WebhookSubscription[] = options.webhooks.map((webhook) => ({
    subscriptionArn: `${options.topicArn}:${randomUUID()}`,
    url: webhook.url,
    eventTypes: webhook.events,
  }));
  const deliveries = new Set<Promise<unknown>>();
  let endpoint = "";

  const server = createServer(async (req, res) => {
    const requestId = randomUUID();
    const params = new URLSearchParams(await readBody(req));
    const action = params.get("Action");
    if (action !== "Publish") {
      return reply(
        res,
        400,
        errorResponse("InvalidAction", `${action} is not supported`, requestId),
      );
    }
    const request = parsePublishRequest(params);
    if (request.topicArn !== options.topicArn) {
      return reply(res, 404, errorResponse("NotFound", "Topic does not exist", requestId));
    }
    const notification = {
      messageId: randomUUID(),
      topicArn: request.topicArn,
      timestamp: new Date().toISOString(),
      request,
    };
    for (const subscription of subscriptions.filter((s) => acceptsNotification(s, request))) {
      const unsubscribeUrl = `${endpoint}/?Action=Unsubscribe&SubscriptionArn=${subscription.subscriptionArn}`;
      const delivery = deliverNotification(subscription, notification, unsubscribeUrl, logger);
      deliveries.add(delivery);
      delivery.finally(() => deliveries.delete(delivery));
    }
    reply(res, 200, publishResponse(notification.messageId, requestId));
  });
  server.listen(options.port, LOCAL_HOST);
  await once(server, "listening");
  endpoint = `http://${LOCAL_HOST}:${(server.address() as AddressInfo).port}`;

  const idle = async () => {
    while (deliveries.size > 0) await Promise.allSettled([...deliveries]);
  };
  return {
    endpoint,
    idle,
    async stop() {
      await idle();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function reply(res: ServerResponse, status: number, xml: string) {
  res.writeHead(status, { "content-type": "text/xml" }).end(xml);
}
