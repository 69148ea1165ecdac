import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { signTransformUrl } from "@imgpipe/core";
import autocannon from "autocannon";
import sharp, { type Sharp } from "sharp";
import { progress } from "../system.js";
import type { CloudPhoto, CloudReady } from "./cloudServer.js";
import { type Pixels, psnr, referencePixels } from "./fidelity.js";

const IPX_SERVER = fileURLToPath(new URL("./ipxServer.ts", import.meta.url));
const CLOUD_SERVER = fileURLToPath(new URL("./cloudServer.ts", import.meta.url));
/**
 * Interleaved rounds, each contender's best kept; the contender that goes first
 * alternates, so that a drift of the shared machine's load hits both alike.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Requests in flight: two per core, so that neither server waits on its own I/O. */
const CONNECTIONS = 4;
/**
 * Both servers' processes get the same libuv thread pool: sharp runs each image on one
 * of its threads, and the local cloud's S3 and DynamoDB stand-ins read their files on
 * it too, so a pool no bigger than the renders in flight would queue a source read
 * behind a render (in AWS those services are not in the function's process at all).
 */
const SERVER_ENV = { ...process.env, UV_THREADPOOL_SIZE: String(CONNECTIONS + 4) };

/**
 * The three representative transforms, as each server spells them, at the same size,
 * quality and encoder effort; `passes`: how often a round renders the corpus. ipx sets only the quality: sharp's default effort (webp 4,
 * avif 4) applies, so imgpipe is configured with the same efforts for this comparison.
 */
export const TRANSFORMS = [
  {
    name: "fit-in 512 JPEG",
    thumbor: "fit-in/512x512/filters:format(jpeg):quality(80)",
    ipx: "s_512x512,fit_inside,f_jpeg,q_80",
    reference: (s: Sharp) => s.resize(512, 512, { fit: "inside" }),
    passes: 4,
  },
  {
    name: "256×256 smart crop WebP",
    thumbor: "256x256/smart/filters:format(webp):quality(80)",
    ipx: "s_256x256,fit_cover,pos_attention,f_webp,q_80",
    reference: (s: Sharp) => s.resize(256, 256, { fit: "cover", position: "attention" }),
    passes: 4,
  },
  {
    name: "fit-in 1024 AVIF",
    thumbor: "fit-in/1024x1024/filters:format(avif):quality(50)",
    ipx: "s_1024x1024,fit_inside,f_avif,q_50",
    reference: (s: Sharp) => s.resize(1024, 1024, { fit: "inside" }),
    // AVIF takes seconds an image: one pass keeps a round under a minute or two.
    passes: 1,
  },
] as const;

/** sharp's own defaults, which ipx leaves in place. */
export const IPX_EFFORT = { webp: 4, avif: 4 } as const;

/**
 * `imgpipe` renders from a stored variant where one covers the output
 * (`transform.renderFromVariants`, its default); `imgpipe (from the original)` always
 * decodes the original, as ipx does.
 */
export type Contender =
  | "imgpipe"
  | "imgpipe (from the original)"
  | "ipx"
  | "imgpipe (stored rendition)";

export interface LoadResult {
  contender: Contender;
  transform: string;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** Mean body bytes of one response per photo, from one pass over the corpus. */
  meanBytes: number;
  /** Mean PSNR (dB) of those responses against the transform of the original, unencoded. */
  meanPsnr: number;
  errors: number;
  /**
   * CPU milliseconds per request of both server processes together (the local cloud,
   * whose S3 both read, and ipx): unlike requests/s, hardly moved by other jobs' load.
   */
  cpuMsPerRequest: number;
  /** Requests per second of every round, the kept one among them. */
  rounds: number[];
}

export interface TransformResults {
  photos: number;
  /** Requests in flight. */
  connections: number;
  /** Requests per round of each transform. */
  requestsPerRound: Record<string, number>;
  load: LoadResult[];
}

type Round = Omit<LoadResult, "meanBytes" | "meanPsnr" | "rounds">;

interface Server {
  origin: string;
  pid: number;
  stop: () => Promise<void>;
}

/**
 * The transform function (through the local CDN's /t/*, as built) against ipx (through
 * its Node HTTP server), each in its own process and reading the corpus from a local S3
 * over HTTP, in the same run with autocannon. imgpipe runs twice, in two local clouds:
 * as configured by default, and never rendering from a stored variant. Stored
 * renditions are off for the comparison, so every request renders; the stored-rendition
 * path is measured afterwards on its own.
 */
export async function measureTransforms(photoPaths: string[]): Promise<TransformResults> {
  const dataDir = await mkdtemp(join(tmpdir(), "imgpipe-bench-transform-"));
  const originalsDir = await mkdtemp(join(tmpdir(), "imgpipe-bench-originals-"));
  const originals = await Promise.all(photoPaths.map((path) => readFile(path)));
  try {
    const rendering = await startCloud(dataDir, "render", photoPaths);
    const fromOriginals = await startCloud(originalsDir, "render-originals", photoPaths);
    const { s3, uploadsBucket } = rendering.ready;
    const ipx = await startIpx(new URL(s3).host);
    const load: LoadResult[] = [];
    try {
      const contenders = [
        {
          contender: "ipx",
          origin: ipx.origin,
          list: (t: Transform) =>
            rendering.ready.photos.map((p) => `/${t.ipx}/${s3}/${uploadsBucket}/${p.key}`),
        },
        { contender: "imgpipe", origin: rendering.origin, list: signedUrls(rendering.ready) },
        {
          contender: "imgpipe (from the original)",
          origin: fromOriginals.origin,
          list: signedUrls(fromOriginals.ready),
        },
      ] as const;
      const pids = [rendering.pid, fromOriginals.pid, ipx.pid];
      const outputs = new Map<string, Output[]>();
      for (const transform of TRANSFORMS) {
        progress(`transform: ${transform.name}: the references`);
        const references = await Promise.all(
          originals.map((o) => referencePixels(o, transform.reference)),
        );
        for (const c of contenders) {
          progress(`transform: ${transform.name}, ${c.contender}: one pass for the outputs`);
          const answers = await fetchOutputs(c.origin, c.list(transform), references);
          sameOutputs(transform.name, c.contender, answers, outputs.get(`ipx ${transform.name}`));
          outputs.set(`${c.contender} ${transform.name}`, answers);
        }
      }
      const rounds: Round[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        for (const transform of TRANSFORMS) {
          const order = round % 2 === 1 ? contenders : [...contenders].reverse();
          for (const c of order) {
            progress(`transform round ${round}/${ROUNDS}: ${transform.name}, ${c.contender}`);
            rounds.push(
              await loadTest(
                c.contender,
                transform.name,
                c.origin,
                c.list(transform),
                transform.passes,
                pids,
              ),
            );
          }
        }
      }
      for (const transform of TRANSFORMS) {
        for (const c of contenders) {
          const own = rounds.filter(
            (r) => r.contender === c.contender && r.transform === transform.name,
          );
          const answers = outputs.get(`${c.contender} ${transform.name}`) ?? [];
          load.push({
            ...bestOf(own),
            ...meansOf(answers),
            rounds: own.map((r) => r.requestsPerSecond),
          });
        }
      }
    } finally {
      await ipx.stop();
      await fromOriginals.stop();
      await rendering.stop();
    }
    load.push(await measureStoredRenditions(dataDir, rendering.ready.photos, originals));
    return {
      photos: rendering.ready.photos.length,
      connections: CONNECTIONS,
      requestsPerRound: Object.fromEntries(
        TRANSFORMS.map((t) => [t.name, t.passes * photoPaths.length]),
      ),
      load,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await rm(originalsDir, { recursive: true, force: true });
  }
}

type Transform = (typeof TRANSFORMS)[number];

/** A local cloud's signed URLs of a transform, one per photo. */
function signedUrls(ready: CloudReady) {
  return (t: Transform) => ready.photos.map((p) => imgpipeUrl(t, p, ready.signingKey));
}

/**
 * The CDN-miss path with stored renditions on: the same data folder, the fit-in 512
 * JPEG URLs rendered and stored by one pass, then read back from S3 under load.
 */
async function measureStoredRenditions(
  dataDir: string,
  photos: CloudPhoto[],
  originals: Buffer[],
): Promise<LoadResult> {
  const storing = await startCloud(dataDir, "store", []);
  try {
    const [first] = TRANSFORMS;
    const list = photos.map((p) => imgpipeUrl(first, p, storing.ready.signingKey));
    progress(`transform: ${first.name}, storing the renditions`);
    const references = await Promise.all(originals.map((o) => referencePixels(o, first.reference)));
    const outputs = await fetchOutputs(storing.origin, list, references);
    const rounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      progress(`transform round ${round}/${ROUNDS}: ${first.name}, stored renditions`);
      rounds.push(
        await loadTest(
          "imgpipe (stored rendition)",
          first.name,
          storing.origin,
          list,
          first.passes,
          [storing.pid],
        ),
      );
    }
    return {
      ...bestOf(rounds),
      ...meansOf(outputs),
      rounds: rounds.map((r) => r.requestsPerSecond),
    };
  } finally {
    await storing.stop();
  }
}

function imgpipeUrl(t: Transform, photo: CloudPhoto, key: string): string {
  return signTransformUrl(`${t.thumbor}/${photo.ownerId}/${photo.imageId}@${photo.revision}`, {
    key,
  });
}

/** The local cloud in its own process; with photos, once they are uploaded and processed. */
async function startCloud(
  dataDir: string,
  mode: "render" | "render-originals" | "store",
  photos: string[],
): Promise<Server & { ready: CloudReady }> {
  const args = [dataDir, mode, String(CONNECTIONS), ...photos];
  const { child, line } = await startChild(CLOUD_SERVER, args);
  const ready = JSON.parse(line) as CloudReady;
  return { ready, origin: ready.cdn, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

async function startIpx(sourceHost: string): Promise<Server> {
  const { child, line } = await startChild(IPX_SERVER, [sourceHost]);
  const { port } = JSON.parse(line) as { port: number };
  return { origin: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

/**
 * Starts a server script in its own Node process (`BENCH_SERVER_NODE_OPTIONS` adds
 * options, e.g. `--cpu-prof`) and waits for its first line on stdout.
 */
async function startChild(
  script: string,
  args: string[],
): Promise<{ child: ChildProcess; line: string }> {
  const extra = process.env.BENCH_SERVER_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, "--import", "tsx", script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: SERVER_ENV,
  });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const line = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) =>
      reject(new Error(`${script} exited with ${code} before it was ready`)),
    );
  });
  return { child, line };
}

/** User and system CPU seconds a process has used so far (Linux's /proc). */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const CLOCK_TICKS = 100;

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/**
 * One round: the corpus rendered `passes` times, each connection taking the next stretch
 * of the photo list (cycling), so both servers do the same work in the same mix
 * whatever their speed (a timed run would end the faster one among the corpus's larger
 * photos). Requests per second over the round's wall time.
 */
async function loadTest(
  contender: LoadResult["contender"],
  transform: string,
  origin: string,
  paths: string[],
  passes: number,
  serverPids: number[],
): Promise<Round> {
  const cpu = () =>
    Promise.all(serverPids.map(cpuSecondsOf)).then((s) => s.reduce((a, b) => a + b));
  const cpuBefore = await cpu();
  const latencies: number[] = [];
  const requests = paths.map((path) => ({ method: "GET" as const, path }));
  const amount = passes * paths.length;
  // autocannon gives connection i floor(amount / connections) requests, one more to the first (amount % connections).
  const share = (i: number) =>
    Math.floor(amount / CONNECTIONS) + (i < amount % CONNECTIONS ? 1 : 0);
  let client = 0;
  let offset = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        connections: CONNECTIONS,
        amount,
        timeout: 900,
        requests,
        setupClient: (c) => {
          const start = offset % requests.length;
          c.setRequests([...requests.slice(start), ...requests.slice(0, start)]);
          offset += share(client++);
        },
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, milliseconds: number) => {
      latencies.push(milliseconds);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (await cpu()) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
  return {
    contender,
    transform,
    requestsPerSecond: result.requests.total / seconds,
    p50Ms: at(50),
    p95Ms: at(95),
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMsPerRequest: (cpuSeconds * 1000) / Math.max(1, result.requests.total),
  };
}

function bestOf(rounds: Round[]): Round {
  return rounds.reduce((best, r) => (r.requestsPerSecond > best.requestsPerSecond ? r : best));
}

interface Output {
  bytes: number;
  width: number;
  height: number;
  format: string;
  /** Against the photo's reference. */
  psnr: number;
}

/**
 * Fetches each URL once (as many at once as the load test) and checks the answer is an
 * image; its size, format and fidelity to the photo's reference.
 */
async function fetchOutputs(
  origin: string,
  paths: string[],
  references: Pixels[],
): Promise<Output[]> {
  const outputs: Output[] = [];
  let next = 0;
  const fetchNext = async (): Promise<void> => {
    const i = next++;
    const path = paths[i];
    if (path === undefined) return;
    const response = await fetch(`${origin}${path}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (!response.ok)
      throw new Error(
        `${origin}${path} answered ${response.status}: ${body.toString().slice(0, 200)}`,
      );
    const { width, height, format } = await sharp(body).metadata();
    const reference = references[i];
    if (!reference) throw new Error(`no reference for ${path}`);
    outputs[i] = { bytes: body.length, width, height, format, psnr: await psnr(body, reference) };
    return fetchNext();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, fetchNext));
  return outputs;
}

/** Refuses to compare servers whose outputs differ in size or format. */
function sameOutputs(
  transform: string,
  contender: string,
  ours: Output[],
  ipx: Output[] | undefined,
): void {
  if (!ipx) return;
  for (const [i, a] of ours.entries()) {
    const b = ipx[i];
    if (!b || a.width !== b.width || a.height !== b.height || a.format !== b.format) {
      throw new Error(
        `${transform}, photo ${i}: ${contender} answers ${a.width}×${a.height} ${a.format}, ipx ${b?.width}×${b?.height} ${b?.format}: not the same output`,
      );
    }
  }
}

function meansOf(outputs: Output[]): Pick<LoadResult, "meanBytes" | "meanPsnr"> {
  const mean = (of: (o: Output) => number) =>
    outputs.reduce((sum, o) => sum + of(o), 0) / Math.max(1, outputs.length);
  return { meanBytes: mean((o) => o.bytes), meanPsnr: mean((o) => o.psnr) };
}
