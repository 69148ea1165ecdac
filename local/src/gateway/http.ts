import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GatewayError, LocalCloudError } from "../errors.js";
import type { Logger } from "../logger.js";
import { LOCAL_HOST, SERVER_KEEP_ALIVE_MS } from "../settings.js";

/** An HTTP request as the gateway sees it, read in full. */
export interface HttpRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  /** The query string without `?`. */
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body?: Buffer | string;
}

export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** A JSON response, the way API Gateway and the control endpoints answer. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(value),
  } satisfies HttpResponse;
}

export interface RunningServer {
  endpoint: string;
  stop(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1; a handler that throws answers 500 and is logged. */
export async function serve(port: number, handler: HttpHandler, logger: Logger) {
  const server: Server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? "/", "http://localhost");
      const response = await handler({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.search.slice(1),
        headers: req.headers,
        body: Buffer.concat(chunks),
        sourceIp: req.socket.remoteAddress ?? LOCAL_HOST,
      });
      res.writeHead(response.status, response.headers);
      res.end(req.method === "HEAD" ? undefined : response.body);
    } catch (error) {
      const known = error instanceof LocalCloudError && error.status < 500;
      if (!known) logger.error({ err: error, url: req.url }, "request failed");
      const { status, body } = known
        ? json(error.status, { code: error.code, message: error.message })
        : json(500, { message: "Internal Server Error" });
      if (!res.headersSent) res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    }
  });
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  server.listen(port, LOCAL_HOST);
  await once(server, "listening");
  return {
    endpoint: `http://${LOCAL_HOST}:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  } satisfies RunningServer;
}

/**
 * The request body as JSON; an empty body is `{}`.
 *
 * @throws GatewayError `invalid_json` (400)
 */
export function jsonBody(request: HttpRequest): Record<string, unknown> {
  const text = request.body.toString("utf8");
  try {
    const value: unknown = text === "" ? {} : JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch (error) {
    throw new GatewayError("invalid_json", "The body must be a JSON object", 400, { cause: error });
  }
  throw new GatewayError("invalid_json", "The body must be a JSON object", 400);
}

/**
 * A URL path (or segment) decoded, or undefined when it is not valid percent-encoding or
 * holds control characters (`%00`), which no key or file name here may contain.
 */
export function decodePath(path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
  return /[\u0000-\u001f\u007f]/.test(decoded) ? undefined : decoded;
}

/** The answer to a path that `decodePath` refuses. */
export const badPath = () => json(400, { message: "Bad Request: malformed path" });
