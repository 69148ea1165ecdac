import { readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The bundle the deployment ships, built by `npm run build` before the tests run.
const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const source = (file: string) => readFileSync(join(dist, file), "utf8");
// Imported (`from"sharp"`) or, as functions/bundle.mjs makes it, required (`x("sharp")`).
const importsSharp = (file: string) => /from"sharp"|\("sharp"\)/.test(source(file));

/** The bundle's own files `file` imports, statically (`from"./…"`) or with `import("./…")`. */
function importsOf(file: string, kind: "static" | "dynamic"): string[] {
  const pattern = kind === "static" ? /from"(\.\/[^"]+)"/g : /import\("(\.\/[^"]+)"\)/g;
  return [...source(file).matchAll(pattern)].map((match) =>
    posix.join(posix.dirname(file), match[1] ?? ""),
  );
}

/** Every file a cold start loads: the entry and what it imports statically, transitively. */
function coldStartFiles(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of importsOf(file, "static")) visit(next);
  };
  visit("index.mjs");
  return [...seen];
}

describe("the API bundle", () => {
  it("loads sharp only in the chunk POST /transform imports, never at a cold start", () => {
    const cold = coldStartFiles();
    const lazy = cold.flatMap((file) => importsOf(file, "dynamic"));

    expect(cold.filter(importsSharp)).toEqual([]);
    expect(lazy.filter(importsSharp)).toEqual([expect.stringMatching(/^chunks\/renderUpload-/)]);
  });
});
