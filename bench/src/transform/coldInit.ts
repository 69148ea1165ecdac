import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { parsePipelineConfig, processImageEnvironment, transformEnvironment } from "@imgpipe/core";

const RUNS = 7;

export interface ColdInit {
  name: string;
  /** Median milliseconds from the start of the import to its end, in a fresh Node process. */
  medianMs: number;
}

function bundleOf(packageName: string): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${packageName}/package.json`)), "dist", "index.mjs");
}

/** Imports `specifier` in a fresh Node process with `env`, as a Lambda cold start does; milliseconds. */
async function importTime(specifier: string, env: Record<string, string>): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--input-type=module", "-e", script],
    {
      env: { PATH: process.env.PATH ?? "", AWS_REGION: "us-east-1", ...env },
      cwd: dirname(specifier.startsWith("/") ? specifier : bundleOf("@imgpipe/transform")),
    },
  );
  return Number(stdout.trim());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Each function bundle's cold init against importing sharp alone, interleaved, in the
 * same run. The environments are the production ones (resource names made up); the
 * transform's key is given directly, as no Secrets Manager answers here.
 */
export async function measureColdInits(): Promise<ColdInit[]> {
  const config = parsePipelineConfig({ environment: "bench" }, "bench");
  const sharp = createRequire(bundleOf("@imgpipe/transform")).resolve("sharp");
  const subjects = [
    { name: "sharp alone", specifier: sharp, env: {} },
    {
      name: "process-image",
      specifier: bundleOf("@imgpipe/process-image"),
      env: processImageEnvironment(config, {
        processedBucket: "imgpipe-bench-processed",
        imagesTable: "imgpipe-bench-images",
        eventsTopicArn: "arn:aws:sns:us-east-1:123456789012:imgpipe-bench-events",
      }),
    },
    {
      name: "transform",
      specifier: bundleOf("@imgpipe/transform"),
      env: transformEnvironment(config, {
        uploadsBucket: "imgpipe-bench-uploads",
        processedBucket: "imgpipe-bench-processed",
        imagesTable: "imgpipe-bench-images",
        signingKey: { value: "a-signing-key-for-the-benchmark" },
      }),
    },
  ];
  const times = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const subject of subjects) {
      times.get(subject.name)?.push(await importTime(subject.specifier, subject.env));
    }
  }
  return subjects.map((s) => ({ name: s.name, medianMs: median(times.get(s.name) ?? []) }));
}
