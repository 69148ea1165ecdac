// Builds the sharp Lambda layer: installs what layer/package-lock.json pins (the sharp
// version the functions are tested with and its linux-arm64 glibc binaries, Lambda's arm64
// runtime) with `npm ci` into dist/nodejs/node_modules, then zips it to
// dist/sharp-layer.zip. The zip is deterministic (sorted entries, fixed times), so an
// unchanged layer keeps its hash; the lockfile keeps every build of a commit the same.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";

const here = fileURLToPath(new URL(".", import.meta.url));
const dist = join(here, "dist");
const layerRoot = join(dist, "nodejs");
const zipFile = join(dist, "sharp-layer.zip");
const manifestFile = join(dist, "layer.json");
const PLATFORM = { os: "linux", cpu: "arm64", libc: "glibc" };
// Zip times are DOS dates (1980 or later); any fixed one keeps the archive reproducible.
const FIXED_TIME = new Date("2000-01-01T00:00:00Z");

const coreManifest = JSON.parse(
  readFileSync(new URL("../../functions/core/package.json", import.meta.url), "utf8"),
);
const version = coreManifest.dependencies?.sharp;
if (!/^\d+\.\d+\.\d+$/.test(version ?? "")) {
  throw new Error(`@imgpipe/core must pin sharp to an exact version, not "${version}"`);
}

const layerManifest = JSON.parse(
  readFileSync(new URL("layer/package.json", import.meta.url), "utf8"),
);
if (layerManifest.dependencies?.sharp !== version) {
  throw new Error(
    `layer/package.json pins sharp ${layerManifest.dependencies?.sharp}, @imgpipe/core ${version}: set it to ${version} and run npm install --package-lock-only --os=linux --cpu=arm64 --libc=glibc --workspaces=false in layers/sharp/layer`,
  );
}
const lockfile = readFileSync(new URL("layer/package-lock.json", import.meta.url));
const wanted = { sharp: version, ...PLATFORM };
const lockfileHash = createHash("sha256").update(lockfile).digest("hex");
if (existsSync(zipFile) && existsSync(manifestFile)) {
  const built = JSON.parse(readFileSync(manifestFile, "utf8"));
  if (JSON.stringify(built.for) === JSON.stringify(wanted) && built.lockfile === lockfileHash) {
    process.exit(0);
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(layerRoot, { recursive: true });
writeFileSync(join(layerRoot, "package.json"), JSON.stringify(layerManifest));
writeFileSync(join(layerRoot, "package-lock.json"), lockfile);
const install = spawnSync(
  "npm",
  [
    "ci",
    `--os=${PLATFORM.os}`,
    `--cpu=${PLATFORM.cpu}`,
    `--libc=${PLATFORM.libc}`,
    "--omit=dev",
    // The prebuilt @img/sharp-linux-arm64 package carries the binary; nothing to compile.
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--workspaces=false",
    "--prefix",
    layerRoot,
  ],
  { cwd: layerRoot, stdio: ["ignore", "inherit", "inherit"] },
);
if (install.status !== 0) {
  throw new Error(
    `npm ci of the sharp ${version} layer for linux-arm64 failed (${install.status})`,
  );
}
for (const file of [
  "package.json",
  "package-lock.json",
  join("node_modules", ".package-lock.json"),
]) {
  rmSync(join(layerRoot, file), { force: true });
}

const entries = {};
for (const file of listFiles(layerRoot)) {
  const name = ["nodejs", ...relative(layerRoot, file).split(sep)].join("/");
  // Regular file, rw-r--r--: Lambda unpacks layers as a user that only needs to read them.
  entries[name] = [readFileSync(file), { mtime: FIXED_TIME, os: 3, attrs: 0o100644 << 16 }];
}
writeFileSync(zipFile, zipSync(entries, { level: 6 }));
writeFileSync(
  manifestFile,
  `${JSON.stringify({ for: wanted, lockfile: lockfileHash, files: Object.keys(entries).length }, null, 2)}\n`,
);

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : [path];
    });
}
