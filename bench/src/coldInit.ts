import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  apiEnvironment,
  type PipelineConfig,
  parsePipelineConfig,
  processImageEnvironment,
  transformEnvironment,
} from "@imgpipe/core";
import { progress } from "./system.js";

/** Fresh processes per subject, interleaved; the median is kept. */
const RUNS = 9;

/** Given directly: no Secrets Manager answers here. */
const BENCH_SIGNING_KEY = { value: "a-signing-key-for-the-benchmark" };

export interface ColdInit {
  /** "sharp alone", or the function package's name. */
  name: string;
  /** Median milliseconds to import the bundle (or sharp): what every cold start pays. */
  initMs: number;
  /** Median CPU milliseconds of that import (all threads): steadier than wall time on a busy machine. */
  initCpuMs: number;
  /** Bytes of JavaScript the import reads: the entry and the chunks it imports statically. */
  initBytes?: number;
  /**
   * Median milliseconds the sandbox's first request adds, with an event answered before
   * any I/O: what was left out of the init (the AWS SDK clients) loads then, once.
   */
  firstRequestMs?: number;
  /** Bytes of JavaScript the first request reads beyond the init's. */
  firstRequestBytes?: number;
}

export interface ColdInitResults {
  /** CPUs and Node version, and the one-minute load average before and after the runs. */
  machine: string;
  loadAverage: { before: number; after: number };
  bundles: ColdInit[];
  /** process-image's HEIC decoder chunk, imported after the first request: only the first HEIC pays it. */
  heicDecoder: { ms: number; bytes: number };
}

interface Subject {
  name: string;
  /** The file a cold start imports. */
  entry: string;
  /** A bundle of ours, whose files are counted (sharp is not). */
  bundle: boolean;
  env: Record<string, string>;
  /** A Lambda event the handler answers without I/O: a POST to the transform, a bad key, … */
  firstEvent?: unknown;
  /** A chunk imported after the first request, timed on its own. */
  laterChunk?: string;
}

interface Times {
  init: number;
  initCpu: number;
  firstRequest: number;
  later: number;
}

/** What every function sees on Lambda besides its own variables (credentials are made up). */
const LAMBDA_ENVIRONMENT = {
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "AKIABENCHBENCHBENCH0",
  AWS_SECRET_ACCESS_KEY: "bench-secret-access-key",
  AWS_SESSION_TOKEN: "bench-session-token",
  // Lambda runs Node 22, where the SDK's warning about older Node versions never fires.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

function distOf(packageName: string): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${packageName}/package.json`)), "dist");
}

/**
 * Each function bundle's cold init against importing sharp alone, in fresh Node
 * processes, subjects interleaved so that a busy machine slows them alike. Each
 * process then sends its handler one event that needs no I/O and times it: the part
 * of a cold start deferred to the first request. The built bundles are measured
 * (`npm run build` first) with their production environments (resource names made up).
 */
export async function measureColdInits(): Promise<ColdInitResults> {
  const subjects = await coldInitSubjects(parsePipelineConfig({ environment: "bench" }, "bench"));
  const times = new Map<string, Times[]>(subjects.map((s) => [s.name, []]));
  const loadBefore = loadavg()[0] ?? 0;
  for (let run = 1; run <= RUNS; run++) {
    progress(`cold init, round ${run}/${RUNS}`);
    for (const subject of subjects) times.get(subject.name)?.push(await coldStart(subject));
  }
  const medianOf = (name: string, pick: (t: Times) => number) =>
    median((times.get(name) ?? []).map(pick));
  const bundles: ColdInit[] = [];
  for (const subject of subjects) {
    const measured: ColdInit = {
      name: subject.name,
      initMs: medianOf(subject.name, (t) => t.init),
      initCpuMs: medianOf(subject.name, (t) => t.initCpu),
    };
    const init = await staticImports(subject.entry);
    if (subject.bundle) measured.initBytes = await bytesOf(init);
    if (subject.firstEvent !== undefined) {
      measured.firstRequestMs = medianOf(subject.name, (t) => t.firstRequest);
      measured.firstRequestBytes = await bytesOf(await lazyImports(subject.entry, init));
    }
    bundles.push(measured);
  }
  const decoder = subjects.find((s) => s.laterChunk)?.laterChunk ?? "";
  return {
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, Node ${process.version}`,
    loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
    bundles,
    heicDecoder: {
      ms: medianOf("process-image", (t) => t.later),
      bytes: (await readFile(decoder)).length,
    },
  };
}

async function coldInitSubjects(config: PipelineConfig): Promise<Subject[]> {
  const processImage = distOf("@imgpipe/process-image");
  return [
    // The baseline: sharp as the bundles load it, required (its CommonJS entry).
    {
      name: "sharp alone",
      entry: createRequire(join(distOf("@imgpipe/transform"), "index.mjs")).resolve("sharp"),
      bundle: false,
      env: {},
    },
    // What the bundles paid when they imported it (its ES module entry), for comparison.
    {
      name: "sharp alone, imported",
      entry: fileURLToPath(import.meta.resolve("sharp")),
      bundle: false,
      env: {},
    },
    {
      name: "process-image",
      entry: join(processImage, "index.mjs"),
      bundle: true,
      env: processImageEnvironment(config, {
        processedBucket: "imgpipe-bench-processed",
        imagesTable: "imgpipe-bench-images",
        eventsTopicArn: "arn:aws:sns:us-east-1:123456789012:imgpipe-bench-events",
      }),
      // A key outside the uploads layout is skipped before any read.
      firstEvent: {
        time: "2026-01-01T00:00:00Z",
        detail: {
          bucket: { name: "imgpipe-bench-uploads" },
          object: { key: "not-an-upload.jpg", size: 1, etag: "0" },
        },
      },
      laterChunk: await decoderChunk(join(processImage, "chunks")),
    },
    {
      name: "transform",
      entry: join(distOf("@imgpipe/transform"), "index.mjs"),
      bundle: true,
      // The key is given directly, as no Secrets Manager answers here.
      env: transformEnvironment(config, {
        uploadsBucket: "imgpipe-bench-uploads",
        processedBucket: "imgpipe-bench-processed",
        imagesTable: "imgpipe-bench-images",
        signingKey: BENCH_SIGNING_KEY,
      }),
      // Only GET and HEAD are served: a POST is answered 405 before any read.
      firstEvent: {
        rawPath: "/t/unsafe/bench/photo",
        rawQueryString: "",
        headers: {},
        requestContext: { http: { method: "POST" } },
      },
    },
    {
      name: "api",
      entry: join(distOf("@imgpipe/api"), "index.mjs"),
      bundle: true,
      env: apiEnvironment(config, {
        uploadsBucket: "imgpipe-bench-uploads",
        processedBucket: "imgpipe-bench-processed",
        imagesTable: "imgpipe-bench-images",
        eventsTopicArn: "arn:aws:sns:us-east-1:123456789012:imgpipe-bench-events",
        cdnUrl: "https://cdn.example.com",
        signingKey: BENCH_SIGNING_KEY,
      }),
      firstEvent: {
        version: "2.0",
        routeKey: "$default",
        rawPath: "/health",
        rawQueryString: "",
        headers: {},
        isBase64Encoded: false,
        requestContext: { http: { method: "GET", path: "/health" }, stage: "$default" },
      },
    },
  ];
}

/**
 * One cold start in a fresh Node process: the import, then the first event, then the
 * later chunk. The function's own log lines go to its stdout; the times come back on fd 3.
 */
function coldStart(subject: Subject): Promise<Times> {
  const url = (path: string) => JSON.stringify(pathToFileURL(path).href);
  const script = `
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const bundle = await import(${url(subject.entry)});
    const t1 = performance.now();
    const used = process.cpuUsage(cpu);
    ${subject.firstEvent === undefined ? "" : `await bundle.handler(${JSON.stringify(subject.firstEvent)}, { awsRequestId: "bench", getRemainingTimeInMillis: () => 60000 });`}
    const t2 = performance.now();
    ${subject.laterChunk ? `await import(${url(subject.laterChunk)});` : ""}
    const t3 = performance.now();
    (await import("node:fs")).writeSync(3, JSON.stringify({
      init: t1 - t0, initCpu: (used.user + used.system) / 1000, firstRequest: t2 - t1, later: t3 - t2,
    }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: dirname(subject.entry),
      env: { PATH: process.env.PATH ?? "", ...LAMBDA_ENVIRONMENT, ...subject.env },
      stdio: ["ignore", "ignore", "pipe", "pipe"],
    });
    let times = "";
    let errors = "";
    child.stdio[3]?.on("data", (chunk) => {
      times += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      errors += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(times) as Times);
      else reject(new Error(`the cold start of ${subject.name} exited with ${code}:\n${errors}`));
    });
  });
}

/** The chunk that embeds libheif's WebAssembly ("AGFzbQ" is base64 of its "\0asm" magic). */
async function decoderChunk(chunks: string): Promise<string> {
  for (const name of await readdir(chunks)) {
    if (!name.endsWith(".mjs")) continue;
    if ((await readFile(join(chunks, name), "utf8")).includes("AGFzbQ")) return join(chunks, name);
  }
  throw new Error(`no HEIC decoder chunk in ${chunks}: build process-image first`);
}

/** esbuild's ESM output: `import{a as b}from"./chunks/x.mjs"` and `import("./chunks/y.mjs")`. */
const STATIC_IMPORT =
  /(?:^|[;}\n])\s*(?:import|export)\s*(?:[^"'();]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** The bundle files loaded with `entry`: itself and what it imports statically, transitively. */
async function staticImports(entry: string, known = new Set<string>()): Promise<Set<string>> {
  if (known.has(entry)) return known;
  known.add(entry);
  const source = await readFile(entry, "utf8");
  for (const [, path] of source.matchAll(STATIC_IMPORT))
    if (path) await staticImports(resolve(dirname(entry), path), known);
  return known;
}

/**
 * The files the first request adds: the handler's own dynamic imports (the SDK stores),
 * with what they import statically, less what the init loaded. The SDK's lazy credential
 * chunks and the HEIC decoder are loaded later, only when needed.
 */
async function lazyImports(entry: string, init: Set<string>): Promise<Set<string>> {
  const added = new Set<string>();
  for (const [, path] of (await readFile(entry, "utf8")).matchAll(DYNAMIC_IMPORT)) {
    if (!path?.includes("stores-")) continue;
    for (const file of await staticImports(resolve(dirname(entry), path)))
      if (!init.has(file)) added.add(file);
  }
  return added;
}

async function bytesOf(files: Set<string>): Promise<number> {
  let bytes = 0;
  for (const file of files) bytes += (await readFile(file)).length;
  return bytes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
