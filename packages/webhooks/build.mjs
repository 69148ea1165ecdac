// Builds the publishable package:
// - dist/index.js: ESM, the event schemas of @imgpipe/core compiled in, zod left as the
//   one dependency;
// - dist/types/: declarations of this package and of the core files it uses, with the
//   private specifier "@imgpipe/core/events" rewritten to a relative path, so that the
//   published package names no workspace of this repository.
import { execFileSync } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { build } from "esbuild";

const TYPES = "dist/types";
const CORE_EVENTS = join(TYPES, "functions/core/src/events/eventSchemas.js");

await rm("dist", { recursive: true, force: true });
await build({
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["zod"],
  sourcemap: true,
  logLevel: "warning",
});
execFileSync(process.execPath, [tsc(), "-p", "tsconfig.build.json"], { stdio: "inherit" });
for (const file of await declarations(join(TYPES, "packages/webhooks/src"))) {
  const specifier = `./${relative(dirname(file), CORE_EVENTS)}`.replace(/^\.\/\.\.\//, "../");
  const text = await readFile(file, "utf8");
  await writeFile(file, text.replaceAll('"@imgpipe/core/events"', JSON.stringify(specifier)));
}

function tsc() {
  return join(import.meta.dirname, "../../node_modules/typescript/bin/tsc");
}

async function declarations(folder) {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".d.ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}
