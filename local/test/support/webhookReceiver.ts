import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON; empty for a body that is not (raw message delivery). */
  body: Record<string, unknown>;
  raw: string;
}

/**
 * A downstream service's webhook endpoint: records every POST it receives. It answers
 * 500 to the first `failures` notifications (not confirmations), to exercise retries.
 */
export async function startWebhookReceiver(options: { failures?: number } = {}) {
  const received: ReceivedRequest[] = [];
  let failures = options.failures ?? 0;
  const accepted: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const request = { path: req.url ?? "/", headers: req.headers, body: parseJson(raw), raw };
    received.push(request);
    if (failures > 0 && req.headers["x-amz-sns-message-type"] === "Notification") {
      failures--;
      res.writeHead(500).end();
      return;
    }
    if (req.headers["x-amz-sns-message-type"] === "Notification") accepted.push(request);
    res.writeHead(200).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: `${base}/hooks/images`,
    received,
    /** Answers 500 to the next `count` notifications (Infinity: until told otherwise). */
    failNext(count: number) {
      failures = count;
    },
    /** The notifications this receiver answered with a 2xx: what it actually took. */
    accepted: () => accepted.map((r) => r.body),
    /** The `Message` of each notification, parsed: the image events as published. */
    messages: () =>
      received
        .filter((r) => r.body.Type === "Notification")
        .map((r) => JSON.parse(String(r.body.Message))),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
