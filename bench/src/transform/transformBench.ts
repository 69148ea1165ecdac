import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  type PipelineConfig,
  parsePipelineConfig,
  revisionOf,
  signTransformUrl,
  uploadKey,
} from "@imgpipe/core";
import {
  FREE_PORTS,
  LOCAL_CREDENTIALS,
  type LocalCloud,
  loadOrCreateSigningKey,
  startLocalCloud,
} from "@imgpipe/local";
import autocannon from "autocannon";
import { pino } from "pino";
import sharp from "sharp";
import { progress } from "../system.js";

const IPX_SERVER = fileURLToPath(new URL("./ipxServer.ts", import.meta.url));
const OWNER = "bench";
/** Seconds of load per contender, transform and round. */
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const ROUNDS = 2;
/** Requests in flight: two per core, so that neither server waits on its own I/O. */
const CONNECTIONS = 4;

/** The three representative transforms, as each server spells them, at the same size and quality. */
export const TRANSFORMS = [
  {
    name: "fit-in 512 JPEG",
    thumbor: "fit-in/512x512/filters:format(jpeg):quality(80)",
    ipx: "s_512x512,fit_inside,f_jpeg,q_80",
  },
  {
    name: "256×256 smart crop WebP",
    thumbor: "256x256/smart/filters:format(webp):quality(80)",
    ipx: "s_256x256,fit_cover,pos_attention,f_webp,q_80",
  },
  {
    name: "fit-in 1024 AVIF",
    thumbor: "fit-in/1024x1024/filters:format(avif):quality(50)",
    ipx: "s_1024x1024,fit_inside,f_avif,q_50",
  },
] as const;

export interface LoadResult {
  contender: "imgpipe" | "ipx" | "imgpipe (stored rendition)";
  transform: string;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** Mean body bytes of one response per photo, from one pass over the corpus. */
  meanBytes: number;
  errors: number;
}

export interface TransformResults {
  photos: number;
  /** Requests in flight. */
  connections: number;
  load: LoadResult[];
}

interface Photo {
  imageId: string;
  key: string;
  revision: string;
}

/**
 * The transform function (through the local CDN's /t/*, as built) against ipx (through
 * its Node HTTP server), both reading the corpus from the same local S3 over HTTP, in
 * the same run with autocannon. Stored renditions are off for the comparison, so every
 * request renders; the stored-rendition path is measured afterwards on its own.
 */
export async function measureTransforms(photoPaths: string[]): Promise<TransformResults> {
  const dataDir = await mkdtemp(join(tmpdir(), "imgpipe-bench-transform-"));
  try {
    const rendering = parsePipelineConfig(
      { environment: "bench", transform: { storeRenditions: false } },
      "bench",
    );
    let cloud = await startCloud(rendering, dataDir);
    const key = await loadOrCreateSigningKey(dataDir);
    const photos = await uploadCorpus(cloud, photoPaths);
    const ipx = await startIpx(new URL(cloud.endpoints.s3).host);
    const load: LoadResult[] = [];
    try {
      const urls = (t: (typeof TRANSFORMS)[number]) => ({
        imgpipe: photos.map((p) =>
          signTransformUrl(`${t.thumbor}/${OWNER}/${p.imageId}@${p.revision}`, { key }),
        ),
        ipx: photos.map(
          (p) => `/${t.ipx}/${cloud.endpoints.s3}/${cloud.resources.uploadsBucket}/${p.key}`,
        ),
      });
      const rounds: Omit<LoadResult, "meanBytes">[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        for (const transform of TRANSFORMS) {
          const { imgpipe, ipx: ipxUrls } = urls(transform);
          progress(`transform round ${round}/${ROUNDS}: ${transform.name}, imgpipe`);
          rounds.push(await loadTest("imgpipe", transform.name, cloud.endpoints.cdn, imgpipe));
          progress(`transform round ${round}/${ROUNDS}: ${transform.name}, ipx`);
          rounds.push(await loadTest("ipx", transform.name, ipx.origin, ipxUrls));
        }
      }
      for (const transform of TRANSFORMS) {
        const { imgpipe, ipx: ipxUrls } = urls(transform);
        for (const [contender, origin, list] of [
          ["imgpipe", cloud.endpoints.cdn, imgpipe],
          ["ipx", ipx.origin, ipxUrls],
        ] as const) {
          const best = bestOf(rounds, contender, transform.name);
          load.push({ ...best, meanBytes: await meanBytes(origin, list) });
        }
      }
      // The CDN-miss path with stored renditions: the same URLs, read back from S3.
      await cloud.stop();
      const storing = parsePipelineConfig({ environment: "bench" }, "bench");
      cloud = await startCloud(storing, dataDir);
      const first = TRANSFORMS[0];
      const stored = urls(first).imgpipe;
      const bytes = await meanBytes(cloud.endpoints.cdn, stored);
      progress(`transform: ${first.name}, stored renditions`);
      const hit = await loadTest(
        "imgpipe (stored rendition)",
        first.name,
        cloud.endpoints.cdn,
        stored,
      );
      load.push({ ...hit, meanBytes: bytes });
    } finally {
      await ipx.stop();
      await cloud.stop();
    }
    progress("cold init: process-image and transform bundles against sharp alone");
    return { photos: photos.length, connections: CONNECTIONS, load };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function startCloud(config: PipelineConfig, dataDir: string): Promise<LocalCloud> {
  return startLocalCloud({
    config,
    dataDir,
    ports: FREE_PORTS,
    logger: pino({ level: "silent" }),
    functionLogLevel: "silent",
  });
}

/** Uploads every photo and waits until each is processed: transforms read only processed images. */
async function uploadCorpus(cloud: LocalCloud, paths: string[]): Promise<Photo[]> {
  const region = "us-east-1";
  const s3 = new S3Client({
    region,
    endpoint: cloud.endpoints.s3,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  const dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region,
      endpoint: cloud.endpoints.dynamodb,
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  const photos: Photo[] = [];
  for (const [i, path] of paths.entries()) {
    const imageId = `photo-${i}`;
    const key = uploadKey({ ownerId: OWNER, imageId, fileName: basename(path) });
    progress(`transform: uploading ${i + 1}/${paths.length}`);
    await s3.send(
      new PutObjectCommand({
        Bucket: cloud.resources.uploadsBucket,
        Key: key,
        Body: await readFile(path),
      }),
    );
    photos.push({ imageId, key, revision: "" });
  }
  await cloud.idle();
  for (const photo of photos) {
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: cloud.resources.imagesTable,
        Key: { ownerId: OWNER, imageId: photo.imageId },
      }),
    );
    if (Item?.status !== "processed")
      throw new Error(`${photo.imageId} was not processed: ${Item?.status}`);
    photo.revision = revisionOf(String(Item.source.sha256));
  }
  s3.destroy();
  dynamo.destroy();
  return photos;
}

async function startIpx(
  sourceHost: string,
): Promise<{ origin: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", IPX_SERVER, sourceHost], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(child.stdout ?? child, "data")) as [Buffer];
  const { port } = JSON.parse(line.toString()) as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

async function loadTest(
  contender: LoadResult["contender"],
  transform: string,
  origin: string,
  paths: string[],
): Promise<Omit<LoadResult, "meanBytes">> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: paths.map((path) => ({ method: "GET", path })),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, milliseconds: number) => {
      latencies.push(milliseconds);
    });
  });
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
  return {
    contender,
    transform,
    requestsPerSecond: result.requests.total / DURATION,
    p50Ms: at(50),
    p95Ms: at(95),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

function bestOf(rounds: Omit<LoadResult, "meanBytes">[], contender: string, transform: string) {
  const own = rounds.filter((r) => r.contender === contender && r.transform === transform);
  return own.reduce((best, r) => (r.requestsPerSecond > best.requestsPerSecond ? r : best));
}

/** Fetches each URL once and checks the answer is an image; mean body bytes. */
async function meanBytes(origin: string, paths: string[]): Promise<number> {
  let total = 0;
  for (const path of paths) {
    const response = await fetch(`${origin}${path}`, {
      headers: { accept: "image/avif,image/webp,*/*" },
    });
    const body = Buffer.from(await response.arrayBuffer());
    if (!response.ok)
      throw new Error(
        `${origin}${path} answered ${response.status}: ${body.toString().slice(0, 200)}`,
      );
    await sharp(body).metadata();
    total += body.length;
  }
  return total / paths.length;
}
