import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A downstream service's webhook endpoint: records every POST it receives. */
export async function startWebhookReceiver() {
  const received: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
    res.writeHead(200).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/images`,
    received,
    /** The `Message` of each notification, parsed: the image events as published. */
    messages: () => received.map((r) => JSON.parse(String(r.body.Message))),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
