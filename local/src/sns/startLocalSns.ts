import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Webhook } from "@imgpipe/core";
import type { ActivityLog } from "../activity/activityLog.js";
import { loadOrCreateRsaKey } from "../crypto/keyStore.js";
import { selfSignedCertificate } from "../crypto/selfSignedCertificate.js";
import { LocalCloudError } from "../errors.js";
import { DeliveryJournal } from "../journal/deliveryJournal.js";
import type { Logger } from "../logger.js";
import { LOCAL_HOST, SERVER_KEEP_ALIVE_MS } from "../settings.js";
import { JsonFile } from "../storage/jsonFile.js";
import { errorResponse, parseSnsRequest } from "./queryProtocol.js";
import { SnsRegistry, type SnsSnapshot } from "./snsRegistry.js";
import { type OwedNotification, SnsService } from "./snsService.js";
import {
  type RedriveResult,
  type WebhookDeadLetter,
  WebhookDeadLetters,
} from "./webhookDeadLetters.js";

export interface LocalSns {
  endpoint: string;
  /** Where the certificate that verifies message signatures is served. */
  signingCertUrl: string;
  /** Notifications left undelivered by the last run, which this one sent again. */
  resumed: number;
  /** Resolves when every delivery started so far has finished (delivered or given up). */
  idle(): Promise<void>;
  /** Notifications that exhausted their delivery policy, oldest first. */
  deadLetters(): WebhookDeadLetter[];
  /** Sends dead letters (all, or those named) again; see {@link SnsService.redrive}. */
  redrive(ids?: readonly string[]): Promise<RedriveResult>;
  /**
   * Lets the requests to endpoints under way finish; the retries still waiting stay in
   * the journal for the next start. SNS keeps answering.
   */
  drain(): Promise<void>;
  /** Notifications owed now: being sent, waiting to retry, or left for the next start. */
  pending(): number;
  stop(): Promise<void>;
}

export interface LocalSnsOptions {
  port: number;
  /** Subscriptions, the signing key and the notification journal live under `{dataDir}/sns`. */
  dataDir: string;
  account: string;
  region: string;
  /** The topic created at start, by name. */
  topic: string;
  /** The pipeline config's webhooks, subscribed to that topic. */
  webhooks: readonly Webhook[];
  activity: ActivityLog;
  logger: Logger;
}

/**
 * An SNS endpoint for the real SDK client (AWS Query protocol). It also serves the
 * SubscribeURL and UnsubscribeURL of its messages and the certificate at SigningCertURL.
 */
export async function startLocalSns(options: LocalSnsOptions): Promise<LocalSns> {
  const logger = options.logger.child({ service: "sns" });
  const folder = join(options.dataDir, "sns");
  const file = new JsonFile<SnsSnapshot>(join(folder, "subscriptions.json"));
  const registry = new SnsRegistry(
    options.account,
    options.region,
    await file.read({ topics: [], subscriptions: [] }),
  );
  const { privateKey, publicKey } = await loadOrCreateRsaKey(join(folder, "signing-key.pem"));
  const certificate = selfSignedCertificate({
    commonName: "sns.imgpipe.local",
    organization: "imgpipe local cloud",
    serialNumber: createHash("sha256")
      .update(publicKey.export({ type: "spki", format: "der" }))
      .digest()
      .subarray(0, 16),
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 10 * 365 * 86_400_000),
    publicKey,
    privateKey,
  });
  const deadLetters = await WebhookDeadLetters.open(join(folder, "dead-letters.json"));
  const journal = await DeliveryJournal.open<OwedNotification>(join(folder, "journal.jsonl"));
  const service = new SnsService({
    registry,
    persist: () => file.write(registry.snapshot()),
    signingKey: privateKey,
    journal,
    activity: options.activity,
    deadLetters,
    logger,
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, "SNS request failed");
      if (!res.headersSent)
        reply(res, 500, errorResponse("InternalError", "Internal error", randomUUID(), "Receiver"));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/SimpleNotificationService-local.pem") {
      res.writeHead(200, { "content-type": "application/x-pem-file" }).end(certificate);
      return;
    }
    const requestId = randomUUID();
    const params = new URLSearchParams(req.method === "POST" ? await readBody(req) : url.search);
    try {
      reply(res, 200, await service.handle(parseSnsRequest(params), requestId));
    } catch (error) {
      if (!(error instanceof LocalCloudError)) throw error;
      reply(res, error.status, errorResponse(error.code, error.message, requestId));
    }
  }

  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  server.listen(options.port, LOCAL_HOST);
  await once(server, "listening");
  const endpoint = `http://${LOCAL_HOST}:${(server.address() as AddressInfo).port}`;
  service.setEndpoint(endpoint);
  const topic = registry.createTopic(options.topic);
  await service.syncConfigWebhooks(topic.topicArn, options.webhooks);
  const resumed = service.resume();

  return {
    endpoint,
    signingCertUrl: service.signingCertUrl,
    resumed,
    idle: () => service.idle(),
    deadLetters: () => deadLetters.list(),
    redrive: (ids) => service.redrive(ids),
    drain: () => service.stop(),
    pending: () => journal.pending().length,
    async stop() {
      await service.stop();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await journal.close();
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
