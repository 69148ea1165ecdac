import { randomUUID } from "node:crypto";
import { once } from "node:events";
import {
  createServer,
  request as forward,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import busboy from "busboy";
import { type CorsRules, corsHeaders, corsRequest, isPreflight } from "../gateway/cors.js";
import { LOCAL_HOST, SERVER_KEEP_ALIVE_MS } from "../settings.js";
import { listObjectVersionsXml } from "./objectVersions.js";
import { checkPostPolicy, type S3Refusal, s3ErrorXml } from "./postPolicy.js";

export interface S3FrontOptions {
  port: number;
  /** s3rver, on its own port behind this front. */
  upstream: string;
  /** The secret key of an access key id; undefined for an unknown id. */
  secretFor(accessKeyId: string): string | undefined;
  /** Browser origins that may POST uploads (the buckets' CORS rules in AWS). */
  corsOrigins: readonly string[];
}

/**
 * What s3rver lacks, in front of it: presigned POSTs checked as S3 checks them (policy
 * signature, expiry, conditions, size; S3's XML errors otherwise), `ListObjectVersions`
 * (s3rver keeps no versions: each object is its one version, `null`), and CORS for
 * browser uploads. Everything else goes through to s3rver untouched.
 */
export async function startS3Front(options: S3FrontOptions) {
  const cors: CorsRules = {
    allowOrigins: options.corsOrigins,
    allowMethods: ["GET", "HEAD", "PUT", "POST"],
    allowHeaders: ["*"],
    exposeHeaders: ["etag", "x-amz-version-id"],
    maxAgeSeconds: 3000,
  };
  const server = createServer((req, res) => {
    handle(options, cors, req, res).catch((error: unknown) => {
      const refusal = { status: 500, code: "InternalError", message: String(error) };
      if (!res.headersSent) sendError(res, refusal, {});
      else res.destroy();
    });
  });
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  server.listen(options.port, LOCAL_HOST);
  await once(server, "listening");
  return {
    endpoint: `http://${LOCAL_HOST}:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

async function handle(
  options: S3FrontOptions,
  cors: CorsRules,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const allow = corsHeaders(cors, corsRequest({ method: req.method ?? "", headers: req.headers }));
  if (isPreflight(corsRequest({ method: req.method ?? "", headers: req.headers }))) {
    res.writeHead(Object.keys(allow).length > 0 ? 200 : 403, allow).end();
    return;
  }
  const url = new URL(req.url ?? "/", "http://localhost");
  const segments = url.pathname.split("/").filter(Boolean);
  const bucket = segments.length === 1 ? decodeURIComponent(segments[0] ?? "") : undefined;
  if (bucket && req.method === "GET" && url.searchParams.has("versions")) {
    const xml = await listObjectVersionsXml(options.upstream, bucket, url.searchParams);
    res.writeHead(200, { "content-type": "application/xml", ...allow }).end(xml);
    return;
  }
  const isPostObject =
    bucket !== undefined &&
    req.method === "POST" &&
    url.search === "" &&
    String(req.headers["content-type"]).startsWith("multipart/form-data");
  if (!isPostObject) {
    proxy(options.upstream, req, res, req, allow);
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const form = await readForm(req, body);
  const refusal = checkPostPolicy(
    { bucket, fields: form.fields, fileSize: form.fileSize },
    options.secretFor,
    new Date(),
  );
  if (refusal) {
    sendError(res, refusal, allow);
    return;
  }
  proxy(options.upstream, req, res, body, allow);
}

/** The form fields before the file, and the file's size: what S3 reads of a POST. */
async function readForm(req: IncomingMessage, body: Buffer) {
  const fields: Record<string, string> = {};
  let fileSize = -1;
  const parser = busboy({ headers: req.headers, limits: { fieldSize: 1024 * 1024 } });
  parser.on("field", (name, value) => {
    if (fileSize < 0) fields[name] = value;
  });
  parser.on("file", (name, stream) => {
    if (name !== "file" || fileSize >= 0) {
      stream.resume();
      return;
    }
    fileSize = 0;
    stream.on("data", (chunk: Buffer) => {
      fileSize += chunk.length;
    });
  });
  const finished = once(parser, "close");
  parser.end(body);
  await finished;
  return { fields, fileSize: Math.max(0, fileSize) };
}

function proxy(
  upstream: string,
  req: IncomingMessage,
  res: ServerResponse,
  body: IncomingMessage | Buffer,
  extraHeaders: Record<string, string>,
) {
  const target = new URL(req.url ?? "/", upstream);
  const outgoing = forward(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...extraHeaders });
      answer.pipe(res);
    },
  );
  outgoing.on("error", (error) => {
    if (!res.headersSent) {
      sendError(res, { status: 502, code: "InternalError", message: error.message }, extraHeaders);
    } else res.destroy();
  });
  if (Buffer.isBuffer(body)) outgoing.end(body);
  else body.pipe(outgoing);
}

function sendError(res: ServerResponse, refusal: S3Refusal, headers: Record<string, string>) {
  res
    .writeHead(refusal.status, { "content-type": "application/xml", ...headers })
    .end(s3ErrorXml(refusal, randomUUID()));
}
