import { readFile, stat, writeFile } from "node:fs/promises";
import { availableParallelism, cpus } from "node:os";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { barChart } from "./chart.js";
import { measureColdInit } from "./coldInit.js";
import { type Corpus, prepareCorpus } from "./corpus.js";
import { prepareHeicCorpus } from "./heicCorpus.js";
import { imagesPerSecond, label, markdown, type Results, verdicts } from "./report.js";
import { benchSpa } from "./spaBundle.js";
import { ensureDebianTool, jsonFromNode, progress } from "./system.js";
import { measureTransforms, type TransformResults } from "./transform/transformBench.js";
import { transformMarkdown, transformVerdicts } from "./transform/transformReport.js";
import type { Measurement } from "./worker.js";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const README = fileURLToPath(new URL("../README.md", import.meta.url));
const CHART = fileURLToPath(new URL("../throughput.svg", import.meta.url));
const RESULTS = fileURLToPath(new URL("../results.json", import.meta.url));
const TRANSFORM_RESULTS = fileURLToPath(new URL("../transform-results.json", import.meta.url));
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
  return jsonFromNode<Measurement>(["--import", "tsx", WORKER, contender, ...photos]);
}

function fastest(rounds: Measurement[], contender: string): Measurement {
  const own = rounds.filter((m) => m.contender === contender);
  return own.reduce((best, m) => (m.wallSeconds < best.wallSeconds ? m : best));
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
  // vipsthumbnail comes from Debian's libvips-tools.
  await ensureDebianTool("vipsthumbnail", "libvips-tools");
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
    ...(await measureHeic(corpus)),
    corpus: await describeCorpus(corpus),
    inFlight: availableParallelism(),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, Node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}`,
  };
}

/**
 * The HEIC decoder's cost: the same photos as JPEG and as HEIC through the engine, rounds
 * interleaved, and process-image's cold init with the decoder left out of it.
 */
async function measureHeic(corpus: Corpus): Promise<Pick<Results, "heic" | "coldInit">> {
  const { jpegs, heics } = await prepareHeicCorpus(corpus);
  const rounds: { jpeg: Measurement; heic: Measurement }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    progress(`round ${round}/${ROUNDS}, engine on ${jpegs.length} photos as JPEG, then as HEIC`);
    rounds.push({ jpeg: await measure("engine", jpegs), heic: await measure("engine", heics) });
  }
  const least = (pick: (r: (typeof rounds)[number]) => Measurement) =>
    rounds.map(pick).reduce((best, m) => (m.cpuSeconds < best.cpuSeconds ? m : best));
  progress("cold init of process-image");
  return {
    heic: { jpeg: least((r) => r.jpeg), heic: least((r) => r.heic) },
    coldInit: await measureColdInit(),
  };
}

/**
 * `--heic` measures only the HEIC figures and keeps the others from results.json.
 * `--write` keeps the figures (results.json), puts their tables in the README and redraws
 * the chart; `--render` does the same from the kept figures without measuring again.
 */
async function main(args: string[]) {
  const only = args.find((arg) => arg === "engine" || arg === "transform");
  if (only !== "transform") await engineBench(args);
  if (only !== "engine") await transformBench(args);
}

/** The transform function against ipx, and the bundles' cold init. */
async function transformBench(args: string[]) {
  const render = args.includes("--render");
  const results = render
    ? (JSON.parse(await readFile(TRANSFORM_RESULTS, "utf8")) as TransformResults)
    : await measureTransforms((await prepareCorpus()).photos);
  const table = transformMarkdown(results);
  process.stdout.write(`\n${table}\n\n`);
  for (const v of transformVerdicts(results))
    process.stdout.write(`${v.ok ? "PASS" : "MISS"}  ${v.check}: ${v.measured}\n`);
  if (render || args.includes("--write")) {
    await writeFile(TRANSFORM_RESULTS, `${compactJson(results)}\n`);
    await replaceBetweenMarkers("transform", table);
  }
}

async function engineBench(args: string[]) {
  const render = args.includes("--render");
  if (!render) await benchSpa(args.includes("--write"));
  const kept = () => readFile(RESULTS, "utf8").then((text) => JSON.parse(text) as Results);
  const results = render
    ? await kept()
    : args.includes("--heic")
      ? { ...(await kept()), ...(await measureHeic(await prepareCorpus())) }
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
  await replaceBetweenMarkers("results", table);
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

/** JSON as the repository's formatter writes it: arrays of numbers or strings on one line. */
function compactJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /\[\s+([^[\]{}]*?)\s+\]/g,
    (_, items: string) => `[${items.split(/,\s+/).join(", ")}]`,
  );
}

/** Puts `text` between the README's `<!-- name:start -->` and `<!-- name:end -->`. */
async function replaceBetweenMarkers(name: string, text: string): Promise<void> {
  const readme = await readFile(README, "utf8");
  const markers = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
  if (!markers.test(readme)) throw new Error(`${README} has no ${name} markers`);
  const block = `<!-- ${name}:start -->\n${text}\n<!-- ${name}:end -->`;
  await writeFile(
    README,
    readme.replace(markers, () => block),
  );
}

await main(process.argv.slice(2));
