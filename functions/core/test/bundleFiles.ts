import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { expect } from "vitest";

// What a built function bundle (functions/bundle.mjs) loads when: the functions' bundle
// tests read their own dist/ with these.

/** The files a cold start reads: the entry and the chunks it imports statically, transitively. */
export function coldStartFiles(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(entry, "utf8");
  for (const [, path] of source.matchAll(
    /(?:^|[;}\n])\s*import\s*(?:[^"'();]*?from\s*)?"(\.{1,2}\/[^"]+)"/g,
  ))
    if (path) coldStartFiles(resolve(dirname(entry), path), seen);
  return seen;
}

/** The one chunk of `bundle` whose name starts with `prefix` (esbuild names chunks after their entry). */
export function chunkNamed(bundle: string, prefix: string): string {
  const chunks = join(dirname(bundle), "chunks");
  const names = readdirSync(chunks).filter((n) => n.startsWith(prefix) && n.endsWith(".mjs"));
  expect(names).toHaveLength(1);
  return join(chunks, names[0] ?? "");
}
