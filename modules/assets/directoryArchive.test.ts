import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { archiveDirectory } from "./directoryArchive.js";

describe("archiveDirectory", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "imgpipe-archive-test-"));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }

  it("zips every file under its path relative to the folder", () => {
    const dir = folder({ "index.mjs": "export {}", "lib/util.mjs": "x" });

    const { path } = archiveDirectory(dir);
    const entries = unzipSync(readFileSync(path));

    expect(Object.keys(entries).sort()).toEqual(["index.mjs", "lib/util.mjs"]);
    expect(strFromU8(entries["index.mjs"] ?? new Uint8Array())).toBe("export {}");
  });

  it("gives two folders with the same files the same hash and the same bytes", () => {
    const first = archiveDirectory(folder({ "a.js": "1", "b/c.js": "2" }));
    const second = archiveDirectory(folder({ "b/c.js": "2", "a.js": "1" }));

    expect(second.hash).toBe(first.hash);
    expect(readFileSync(second.path).equals(readFileSync(first.path))).toBe(true);
  });

  it("changes the hash when a file's content or name changes", () => {
    const base = archiveDirectory(folder({ "a.js": "1" }));
    const edited = archiveDirectory(folder({ "a.js": "2" }));
    const renamed = archiveDirectory(folder({ "b.js": "1" }));

    expect(new Set([base.hash, edited.hash, renamed.hash]).size).toBe(3);
    expect(base.hash).toMatch(/^[0-9A-F]{32}$/);
  });
});
