import type { WebhookReceiver } from "../receiver.js";
import { httpResult, MAX_BODY_BYTES, tooLarge } from "./httpResult.js";

/**
 * A web-standard handler, `Request` in and `Response` out: for Hono, Bun, Deno, and
 * anything else built on the Fetch API.
 *
 * @example
 * app.post("/hooks/imgpipe", (c) => handle(c.req.raw)); // Hono, with handle = fetchHandler(receiver)
 */
export function fetchHandler(receiver: WebhookReceiver) {
  return async (request: Request): Promise<Response> => {
    const result = await httpResult(
      readText(request).then((body) =>
        receiver.receive({ headers: Object.fromEntries(request.headers), body }),
      ),
    );
    return new Response(result.body, { status: result.status, headers: result.headers });
  };
}

async function readText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();
  return text;
}
