import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import {
  benchConfig,
  type Contender,
  cascade,
  clone,
  engine,
  fanOut,
  naive,
  vipsthumbnail,
} from "./contenders.js";
import { cpuSeconds, progress, progressDone } from "./system.js";

/** What one contender measured, as the worker prints it. */
export interface Measurement {
  contender: string;
  images: number;
  wallSeconds: number;
  cpuSeconds: number;
  bytes: number;
  maxRssMb: number;
}

function contender(name: string): Contender {
  const avif = /^engine-avif-(\d)$/.exec(name);
  if (avif) return engine(benchConfig([{ format: "avif", effort: Number(avif[1]) }]));
  const config = benchConfig();
  const all: Record<string, Contender> = {
    engine: engine(config),
    naive: naive(config),
    clone: clone(config),
    "fan-out": fanOut(config),
    cascade: cascade(config),
    vipsthumbnail: vipsthumbnail(config),
  };
  const found = all[name];
  if (!found) throw new Error(`unknown contender ${name}`);
  return found;
}

/**
 * Photos in flight at once: one per core, as a server handling uploads, or a fleet of
 * Lambda sandboxes, keeps every core busy. One at a time would measure latency instead.
 */
const IN_FLIGHT = availableParallelism();

/**
 * Runs one contender over the photos in this fresh process, so that no contender
 * inherits another's caches or memory: `worker.ts <contender> <photo>...`.
 * One untimed photo first warms up the libraries.
 */
async function main([name = "", ...paths]: string[]) {
  const render = contender(name);
  const photos = await Promise.all(
    paths.map(async (path) => ({ path, bytes: await readFile(path) })),
  );
  const [first] = photos;
  if (first && paths.length > 1) await render(first.path, first.bytes);
  const started = performance.now();
  const cpuBefore = cpuSeconds();
  let bytes = 0;
  let done = 0;
  const queue = [...photos];
  const lane = async () => {
    for (let photo = queue.shift(); photo; photo = queue.shift()) {
      const sizes = await render(photo.path, photo.bytes);
      bytes += sizes.reduce((a, b) => a + b, 0);
      progress(`  ${name}: ${++done}/${photos.length} ${basename(photo.path)}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  progressDone();
  const measurement: Measurement = {
    contender: name,
    images: photos.length,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSeconds() - cpuBefore,
    bytes,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

await main(process.argv.slice(2));
