// Builds the sharp Lambda layer: installs the sharp version the functions are tested with,
// for linux-arm64 glibc (Lambda's arm64 runtime), from the npm registry into
// dist/nodejs/node_modules, then zips it to dist/sharp-layer.zip. The zip is
// deterministic (sorted entries, fixed times), so an unchanged layer keeps its hash.
import { spawnSync } from "node:child_process";
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

const wanted = { sharp: version, ...PLATFORM };
if (existsSync(zipFile) && existsSync(manifestFile)) {
  const built = JSON.parse(readFileSync(manifestFile, "utf8"));
  if (JSON.stringify(built.for) === JSON.stringify(wanted)) process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(layerRoot, { recursive: true });
writeFileSync(join(layerRoot, "package.json"), `${JSON.stringify({ private: true }, null, 2)}\n`);
const install = spawnSync(
  "npm",
  [
    "install",
    `sharp@${version}`,
    `--os=${PLATFORM.os}`,
    `--cpu=${PLATFORM.cpu}`,
    `--libc=${PLATFORM.libc}`,
    "--omit=dev",
    // The prebuilt @img/sharp-linux-arm64 package carries the binary; nothing to compile.
    "--ignore-scripts",
    "--no-package-lock",
    "--no-save",
    "--no-audit",
    "--no-fund",
    "--workspaces=false",
    "--prefix",
    layerRoot,
  ],
  { cwd: layerRoot, stdio: ["ignore", "inherit", "inherit"] },
);
if (install.status !== 0) {
  throw new Error(`npm install sharp@${version} for linux-arm64 failed (${install.status})`);
}
rmSync(join(layerRoot, "package.json"));

const entries = {};
for (const file of listFiles(layerRoot)) {
  const name = ["nodejs", ...relative(layerRoot, file).split(sep)].join("/");
  // Regular file, rw-r--r--: Lambda unpacks layers as a user that only needs to read them.
  entries[name] = [readFileSync(file), { mtime: FIXED_TIME, os: 3, attrs: 0o100644 << 16 }];
}
writeFileSync(zipFile, zipSync(entries, { level: 6 }));
writeFileSync(
  manifestFile,
  `${JSON.stringify({ for: wanted, files: Object.keys(entries).length }, null, 2)}\n`,
);

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : [path];
    });
}
