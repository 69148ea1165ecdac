// npm run bench:pipeline — a burst of uploads through the local cloud, measured from
// the end of each upload to its webhook. Not part of `npm test`.
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { parsePipelineConfig, uploadKey } from "@imgpipe/core";
import { FREE_PORTS, localDynamoClient, localS3Client, startLocalCloud } from "@imgpipe/local";
import { pino } from "pino";
import sharp from "sharp";

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 100);
const BAD_INPUTS = Math.round(UPLOADS / 20);
const PARALLEL_PUTS = 16;
const TIMEOUT_MS = 10 * 60_000;

interface Sample {
  imageId: string;
  uploadedAt: number;
  notifiedAt?: number;
  notifications: number;
}

async function corpus(): Promise<Buffer[]> {
  const sizes = [
    [1200, 800],
    [2400, 1600],
    [1600, 1600],
    [3000, 2000],
  ] as const;
  return Promise.all(
    sizes.map(([width, height], i) =>
      sharp({
        create: { width, height, channels: 3, background: { r: 40 * i, g: 120, b: 200 } },
      })
        .composite([
          {
            input: Buffer.from(
              `<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="orange"/></svg>`,
            ),
          },
        ])
        .jpeg({ quality: 85 })
        .toBuffer(),
    ),
  );
}

async function webhookReceiver(samples: Map<string, Sample>) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.writeHead(200).end();
    const body = JSON.parse(Buffer.concat(chunks).toString());
    if (body.Type !== "Notification") return;
    const event = JSON.parse(body.Message);
    const sample = samples.get(event.data.imageId);
    if (!sample) return;
    sample.notifications++;
    sample.notifiedAt ??= Date.now();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main() {
  const samples = new Map<string, Sample>();
  const receiver = await webhookReceiver(samples);
  const dataDir = await mkdtemp(join(tmpdir(), "imgpipe-bench-"));
  const config = parsePipelineConfig(
    // The local environment: the only one whose webhooks may be plain http.
    { environment: "local", webhooks: [{ name: "bench", url: receiver.url }] },
    "bench",
  );
  const cloud = await startLocalCloud({
    config,
    dataDir,
    ports: FREE_PORTS,
    logger: pino({ level: "warn" }),
    functionLogLevel: "error",
  });
  const s3 = localS3Client(cloud.endpoints.s3, config.region);
  const images = await corpus();
  console.log(
    `bench:pipeline — ${UPLOADS} uploads (${BAD_INPUTS} not images), ${PARALLEL_PUTS} at a time`,
  );

  const queue = Array.from({ length: UPLOADS }, (_, i) => i);
  const started = Date.now();
  await Promise.all(
    Array.from({ length: PARALLEL_PUTS }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const imageId = `bench-${String(i).padStart(3, "0")}`;
        const bad = i % Math.round(UPLOADS / BAD_INPUTS) === 0;
        const body = bad
          ? Buffer.from("not a picture\n".repeat(50))
          : (images[i % images.length] as Buffer);
        await s3.send(
          new PutObjectCommand({
            Bucket: cloud.resources.uploadsBucket,
            Key: uploadKey({ ownerId: "bench", imageId, fileName: "photo.jpg" }),
            Body: body,
            ContentType: "image/jpeg",
          }),
        );
        samples.set(imageId, { imageId, uploadedAt: Date.now(), notifications: 0 });
      }
    }),
  );
  const deadline = Date.now() + TIMEOUT_MS;
  while ([...samples.values()].some((s) => s.notifiedAt === undefined) && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 100));
  }
  await cloud.idle();
  const finished = Math.max(...[...samples.values()].map((s) => s.notifiedAt ?? Date.now()));

  const dynamo = localDynamoClient(cloud.endpoints.dynamodb, config.region);
  const statuses: Record<string, number> = {};
  for (const sample of samples.values()) {
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: cloud.resources.imagesTable,
        Key: { ownerId: "bench", imageId: sample.imageId },
      }),
    );
    const status = String(Item?.status ?? "missing");
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  const latencies = [...samples.values()]
    .flatMap((s) => (s.notifiedAt === undefined ? [] : [s.notifiedAt - s.uploadedAt]))
    .sort((a, b) => a - b);
  const notDelivered = [...samples.values()].filter((s) => s.notifications === 0).length;
  const duplicated = [...samples.values()].filter((s) => s.notifications > 1).length;
  const lost = UPLOADS - (statuses.processed ?? 0) - (statuses.failed ?? 0);

  console.log(`rows: ${JSON.stringify(statuses)}; dead letters: ${cloud.deadLetters.length}`);
  console.log(
    `upload→webhook latency: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${latencies.at(-1)} ms`,
  );
  console.log(
    `throughput: ${((UPLOADS / (finished - started)) * 60_000).toFixed(0)} images/minute (${((finished - started) / 1000).toFixed(1)} s for the burst)`,
  );
  console.log(
    `webhooks: ${UPLOADS - notDelivered} delivered, ${notDelivered} missing, ${duplicated} delivered more than once`,
  );

  await cloud.stop();
  receiver.server.close();
  s3.destroy();
  dynamo.destroy();
  await rm(dataDir, { recursive: true, force: true });
  const ok = lost === 0 && notDelivered === 0 && duplicated === 0;
  console.log(ok ? "nothing lost" : `LOST: ${lost} without a final row`);
  process.exitCode = ok ? 0 : 1;
}

await main();
