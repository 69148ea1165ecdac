import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { parsePipelineConfig, processImageEnvironment } from "@imgpipe/core";
import { jsonFromNode } from "./system.js";

/** Fresh processes measured; the median is kept. */
const RUNS = 9;

export interface ColdInit {
  /** Milliseconds to import process-image's bundle: what every cold start pays. */
  handlerMs: number;
  /** Milliseconds to import and compile the HEIC decoder: what only the first HEIC pays. */
  decoderMs: number;
  /** Bytes of the bundle a cold start reads, and of the decoder chunk. */
  handlerBytes: number;
  decoderBytes: number;
}

/**
 * Imports the built process-image bundle (`npm run build` first) in fresh Node processes,
 * as Lambda's cold start does, then its HEIC decoder chunk, and times each.
 */
export async function measureColdInit(): Promise<ColdInit> {
  const manifest = createRequire(import.meta.url).resolve("@imgpipe/process-image/package.json");
  const dist = join(dirname(manifest), "dist");
  const handler = join(dist, "index.mjs");
  const decoder = await decoderChunk(join(dist, "chunks"));
  const runs: { handlerMs: number; decoderMs: number }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await importTimes(handler, decoder));
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return {
    handlerMs: median(runs.map((r) => r.handlerMs)),
    decoderMs: median(runs.map((r) => r.decoderMs)),
    handlerBytes: (await readFile(handler)).length,
    decoderBytes: (await readFile(decoder)).length,
  };
}

/** The chunk that embeds libheif's WebAssembly ("AGFzbQ" is base64 of its "\0asm" magic). */
async function decoderChunk(chunks: string): Promise<string> {
  for (const name of await readdir(chunks)) {
    if (!name.endsWith(".mjs")) continue;
    if ((await readFile(join(chunks, name), "utf8")).includes("AGFzbQ")) return join(chunks, name);
  }
  throw new Error(`no HEIC decoder chunk in ${chunks}: build process-image first`);
}

function importTimes(
  handler: string,
  decoder: string,
): Promise<{ handlerMs: number; decoderMs: number }> {
  const script = `
    const t0 = performance.now();
    await import(${JSON.stringify(pathToFileURL(handler).href)});
    const t1 = performance.now();
    await import(${JSON.stringify(pathToFileURL(decoder).href)});
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ handlerMs: t1 - t0, decoderMs: t2 - t1 }));`;
  const config = parsePipelineConfig({ environment: "bench" }, "bench");
  const env = {
    ...process.env,
    ...processImageEnvironment(config, {
      processedBucket: "bench-processed",
      imagesTable: "bench-images",
      eventsTopicArn: "arn:aws:sns:us-east-1:000000000000:bench",
    }),
    AWS_REGION: "us-east-1",
  };
  return jsonFromNode(["--input-type=module", "-e", script], env);
}
