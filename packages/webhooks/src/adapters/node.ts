import type { IncomingMessage, ServerResponse } from "node:http";
import type { WebhookReceiver } from "../receiver.js";
import { httpResult, MAX_BODY_BYTES, tooLarge } from "./httpResult.js";

/** A request of node:http, or of Express after a body parser set `body`. */
type NodeRequest = IncomingMessage & { body?: unknown };

/**
 * A `(req, res)` handler for node:http and Express. In Express, mount it without a
 * body parser, or after `express.text({ type: "*\/*" })`.
 *
 * @example
 * createServer(nodeHandler(receiver)).listen(8080);
 * app.post("/hooks/imgpipe", nodeHandler(receiver)); // Express
 */
export function nodeHandler(receiver: WebhookReceiver) {
  return async (req: NodeRequest, res: ServerResponse): Promise<void> => {
    const result = await httpResult(
      readBody(req).then((body) => receiver.receive({ headers: flatHeaders(req), body })),
    );
    res.writeHead(result.status, result.headers).end(result.body);
  };
}

async function readBody(req: NodeRequest): Promise<string> {
  if (typeof req.body === "string") return req.body;
  if (Buffer.isBuffer(req.body)) return req.body.toString("utf8");
  // A JSON body parser ran first: the signature covers field values, not bytes.
  if (typeof req.body === "object" && req.body !== null) return JSON.stringify(req.body);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(", ") : value,
    ]),
  );
}
