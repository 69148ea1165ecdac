import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { table } from "./report.js";
import { progress, run } from "./system.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FRONTEND = join(ROOT, "frontend");
const README = fileURLToPath(new URL("../README.md", import.meta.url));
const START = "<!-- spa:start -->";
const END = "<!-- spa:end -->";
/** The budget for the production JavaScript, gzipped. */
export const SPA_BUDGET_BYTES = 150 * 1024;

export interface SpaFile {
  name: string;
  bytes: number;
  gzipped: number;
  /** `index.html` loads it; the others load on demand (the OIDC client, in production). */
  initial: boolean;
}

/**
 * Builds the SPA for production and weighs every JavaScript file it ships, gzipped at
 * level 9 as CloudFront's compression roughly does. Everything counts towards the
 * budget: in production the OIDC client loads too.
 */
export async function measureSpa(): Promise<SpaFile[]> {
  progress("building the SPA (vite build)");
  await run("npm", ["run", "build", "-w", "@imgpipe/frontend"], { cwd: ROOT });
  const dist = join(FRONTEND, "dist");
  const index = await readFile(join(dist, "index.html"), "utf8");
  const names = (await readdir(join(dist, "assets"))).filter((name) => name.endsWith(".js"));
  return Promise.all(
    names.sort().map(async (name) => {
      const bytes = await readFile(join(dist, "assets", name));
      return {
        name,
        bytes: bytes.length,
        gzipped: gzipSync(bytes, { level: 9 }).length,
        initial: index.includes(`/assets/${name}`),
      };
    }),
  );
}

/** The Markdown table bench/README.md shows between its `spa` markers. */
export function spaTable(files: SpaFile[]): string {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const total = files.reduce((sum, f) => sum + f.gzipped, 0);
  const rows = files.map((f) => [
    // Content hashes change with every build; the name before them says what it is.
    `\`${f.name.replace(/-[\w-]{8}\.js$/, ".js")}\``,
    f.initial ? "at start" : "on demand",
    kib(f.bytes),
    kib(f.gzipped),
  ]);
  const verdict = total <= SPA_BUDGET_BYTES ? "met" : "MISSED";
  return [
    table(
      ["file", "loaded", "minified", "gzipped"],
      [...rows, ["all JavaScript", "", "", kib(total)]],
      ["left", "left", "right", "right"],
    ),
    "",
    `Budget ${kib(SPA_BUDGET_BYTES)} gzipped: ${verdict}, ${((total / SPA_BUDGET_BYTES) * 100).toFixed(0)} % of it.`,
  ].join("\n");
}

/** Measures, prints, and with `write` puts the table in bench/README.md. */
export async function benchSpa(write: boolean): Promise<void> {
  const table = spaTable(await measureSpa());
  process.stdout.write(`\nSPA JavaScript, gzipped:\n\n${table}\n`);
  if (!write) return;
  const readme = await readFile(README, "utf8");
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error(`bench/README.md has no ${START} … ${END}`);
  await writeFile(
    README,
    `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`,
  );
}
