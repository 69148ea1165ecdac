import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh folder for one test file's data, and its removal. */
export async function tempDir(prefix: string) {
  const path = await mkdtemp(join(tmpdir(), `imgpipe-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
