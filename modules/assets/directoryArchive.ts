import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { type Zippable, zipSync } from "fflate";

/** Zip entry times are DOS dates (1980 or later); a fixed one keeps archives reproducible. */
const FIXED_TIME = new Date("2000-01-01T00:00:00Z");
const ARCHIVE_NAME = "archive.zip";

export interface DirectoryArchive {
  /** Absolute path of the zip, in a cache folder outside the project. */
  readonly path: string;
  /** Upper-case hex digest of the folder's file names and contents, like cdktf's asset hashes. */
  readonly hash: string;
}

const archived = new Map<string, DirectoryArchive>();

/**
 * Zips a folder once per content: the same files give the same bytes (sorted entries,
 * fixed times), so Lambda sees no change where there is none, and a synthesis that
 * writes several stacks zips each bundle once instead of once per stack.
 *
 * @example
 * const { path, hash } = archiveDirectory(bundleDir);
 * new TerraformAsset(this, "code", { path, type: AssetType.FILE, assetHash: hash });
 */
export function archiveDirectory(directory: string): DirectoryArchive {
  const files = listFiles(directory);
  const digest = createHash("md5");
  const entries: Zippable = {};
  for (const file of files) {
    const name = relative(directory, file).split(sep).join("/");
    const data = readFileSync(file);
    digest.update(name).update("\0").update(data);
    entries[name] = [data, { mtime: FIXED_TIME, os: 3, attrs: 0o100644 << 16 }];
  }
  const hash = digest.digest("hex").toUpperCase();
  const known = archived.get(hash);
  if (known) return known;

  const folder = join(tmpdir(), "imgpipe-archives", hash);
  const path = join(folder, ARCHIVE_NAME);
  if (!existsSync(path)) {
    mkdirSync(folder, { recursive: true });
    // Write then rename: a parallel synthesis never reads a half-written zip.
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, zipSync(entries, { level: 6 }));
    renameSync(partial, path);
  }
  const archive = { path, hash };
  archived.set(hash, archive);
  return archive;
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      return entry.isDirectory() ? listFiles(path) : [path];
    });
}
