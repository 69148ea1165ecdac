import { spawn } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { availableParallelism, cpus } from "node:os";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { barChart } from "./chart.js";
import { type Corpus, prepareCorpus } from "./corpus.js";
import { imagesPerSecond, label, markdown, type Results, verdicts } from "./report.js";
import { benchSpa } from "./spaBundle.js";
import { hasCommand, progress, run } from "./system.js";
import type { Measurement } from "./worker.js";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const README = fileURLToPath(new URL("../README.md", import.meta.url));
const CHART = fileURLToPath(new URL("../throughput.svg", import.meta.url));
const RESULTS = fileURLToPath(new URL("../results.json", import.meta.url));
const CONTENDERS = ["engine", "naive", "vipsthumbnail", "clone", "fan-out", "cascade"];
const AVIF_EFFORTS = [1, 2, 3, 4, 6];
/**
 * Each contender runs once per round, rounds interleaved, and keeps its fastest round:
 * a shared machine's other load then slows every contender alike, and a burst of it
 * costs one round, not the result.
 */
const ROUNDS = 5;

/** Runs one contender in a fresh Node process and reads back what it measured. */
function measure(contender: string, photos: string[]): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, contender, ...photos], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(output) as Measurement);
      else reject(new Error(`the ${contender} worker exited with ${code}`));
    });
  });
}

function fastest(rounds: Measurement[], contender: string): Measurement {
  const own = rounds.filter((m) => m.contender === contender);
  return own.reduce((best, m) => (m.wallSeconds < best.wallSeconds ? m : best));
}

/** vipsthumbnail comes from Debian's libvips-tools; install it when it is missing. */
async function ensureVipsthumbnail(): Promise<void> {
  if (await hasCommand("vipsthumbnail")) return;
  progress("installing libvips-tools (vipsthumbnail) with apt-get");
  await run("apt-get", ["update"]);
  await run("apt-get", ["install", "-y", "--no-install-recommends", "libvips-tools"], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

async function describeCorpus(corpus: Corpus): Promise<Results["corpus"]> {
  let megapixels = 0;
  let bytes = 0;
  for (const path of corpus.photos) {
    const { width, height } = await sharp(path).metadata();
    megapixels += (width * height) / 1e6;
    bytes += (await stat(path)).size;
  }
  return { photos: corpus.photos.length, megapixels, bytes };
}

/** Measures everything; the slow part. */
async function measureAll(): Promise<Results> {
  const corpus = await prepareCorpus();
  await ensureVipsthumbnail();
  const rounds: Measurement[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const contender of CONTENDERS) {
      progress(`round ${round}/${ROUNDS}, ${contender}: ${corpus.photos.length} photos`);
      rounds.push(await measure(contender, corpus.photos));
    }
  }
  const throughput = CONTENDERS.map((contender) => fastest(rounds, contender));
  const peak = [await measure("engine", [corpus.huge]), await measure("naive", [corpus.huge])];
  const avif = [];
  for (const effort of AVIF_EFFORTS) {
    progress(`avif effort ${effort}`);
    avif.push({ effort, measurement: await measure(`engine-avif-${effort}`, corpus.photos) });
  }
  return {
    throughput,
    peak,
    avif,
    corpus: await describeCorpus(corpus),
    inFlight: availableParallelism(),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, Node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}`,
  };
}

/**
 * `--write` keeps the figures (results.json), puts their tables in the README and redraws
 * the chart; `--render` does the same from the kept figures without measuring again.
 */
async function main(args: string[]) {
  const render = args.includes("--render");
  if (!render) await benchSpa(args.includes("--write"));
  const results = render
    ? (JSON.parse(await readFile(RESULTS, "utf8")) as Results)
    : await measureAll();
  const table = markdown(results);
  process.stdout.write(`\n${table}\n\n`);
  for (const v of verdicts(results))
    process.stdout.write(`${v.ok ? "PASS" : "MISS"}  ${v.check}: ${v.measured}\n`);
  if (render || args.includes("--write")) await writeResults(results, table);
}

/** Keeps the figures, puts the tables between the README's result markers, redraws the chart. */
async function writeResults(results: Results, table: string): Promise<void> {
  await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  const readme = await readFile(README, "utf8");
  const markers = /<!-- results:start -->[\s\S]*?<!-- results:end -->/;
  if (!markers.test(readme)) throw new Error(`${README} has no results markers`);
  const block = `<!-- results:start -->\n${table}\n<!-- results:end -->`;
  await writeFile(
    README,
    readme.replace(markers, () => block),
  );
  const bars = results.throughput.map((m) => ({
    label: label(m.contender),
    value: imagesPerSecond(m),
    highlight: m.contender === "engine",
  }));
  await writeFile(
    CHART,
    barChart(
      `Images per second: default variants, ${results.inFlight} photos in flight`,
      "images/s",
      bars,
    ),
  );
}

await main(process.argv.slice(2));
