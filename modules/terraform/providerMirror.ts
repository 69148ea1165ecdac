import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";

/** Overrides the search: a provider mirror folder, or the provider binary inside one. */
export const PROVIDER_MIRROR_VARIABLE = "IMGPIPE_TERRAFORM_PROVIDER_MIRROR";

const AWS_PROVIDER = join("registry.terraform.io", "hashicorp", "aws");
const UNPACKED_BINARY = /^terraform-provider-aws_v(\d+\.\d+\.\d+)/;
const PACKED_ARCHIVE = /^terraform-provider-aws_(\d+\.\d+\.\d+)_([a-z0-9]+_[a-z0-9]+)\.zip$/;

/** A Terraform filesystem mirror holding the HashiCorp AWS provider. */
export interface ProviderMirror {
  /** The folder to name in `filesystem_mirror { path = … }` and `-fs-mirror=…`. */
  readonly root: string;
  /** The newest AWS provider version in it for this machine's platform. */
  readonly version: string;
  /** Every platform (`linux_amd64`, …) it holds that version for. */
  readonly platforms: readonly string[];
}

/** Terraform's name of this machine's platform, e.g. `linux_amd64`. */
export function terraformPlatform(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" }[arch] ?? arch;
  return `${os}_${cpu}`;
}

/**
 * Finds a filesystem mirror of the AWS provider on this machine: the folder named by
 * `IMGPIPE_TERRAFORM_PROVIDER_MIRROR`, else the mirrors of the Terraform CLI config
 * (`TF_CLI_CONFIG_FILE`, `~/.terraformrc`), Terraform's implied local mirror folders,
 * the plugin cache, and mirrors installed as a folder directly under `/opt` or
 * `/usr/local` (how machine images ship them). Undefined when there is none.
 *
 * @example
 * findProviderMirror(); // { root: "…", version: "5.100.0", platforms: ["linux_amd64"] }
 */
export function findProviderMirror(
  env: NodeJS.ProcessEnv = process.env,
  platform = terraformPlatform(),
): ProviderMirror | undefined {
  const named = env[PROVIDER_MIRROR_VARIABLE];
  if (named) {
    const mirror = readMirror(mirrorRootOf(named), platform);
    if (!mirror) {
      throw new Error(
        `${PROVIDER_MIRROR_VARIABLE}=${named} holds no AWS provider for ${platform} (expected ${join(AWS_PROVIDER, "<version>", platform, "terraform-provider-aws_v<version>…")})`,
      );
    }
    return mirror;
  }
  for (const root of candidateRoots(env)) {
    const mirror = readMirror(root, platform);
    if (mirror) return mirror;
  }
  return undefined;
}

/** The mirror root of a folder, or of a provider binary six levels below it. */
function mirrorRootOf(path: string): string {
  if (!statSync(path).isFile()) return path;
  let root = path;
  // <root>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/<binary>
  for (let level = 0; level < 6; level++) root = dirname(root);
  return root;
}

function candidateRoots(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? homedir();
  const dataHome = env.XDG_DATA_HOME ?? join(home, ".local", "share");
  const dataDirs = (env.XDG_DATA_DIRS ?? "/usr/local/share:/usr/share").split(delimiter);
  return [
    ...cliConfigMirrors(env, home),
    join(home, ".terraform.d", "plugins"),
    join(dataHome, "terraform", "plugins"),
    ...dataDirs.filter(Boolean).map((dir) => join(dir, "terraform", "plugins")),
    join(home, "Library", "Application Support", "io.terraform", "plugins"),
    ...(env.APPDATA ? [join(env.APPDATA, "HashiCorp", "Terraform", "plugins")] : []),
    ...(env.TF_PLUGIN_CACHE_DIR ? [env.TF_PLUGIN_CACHE_DIR] : []),
    ...["/opt", "/usr/local"].flatMap(subfolders),
  ];
}

/** The `filesystem_mirror` paths of the Terraform CLI config, when it has any. */
function cliConfigMirrors(env: NodeJS.ProcessEnv, home: string): string[] {
  const file = env.TF_CLI_CONFIG_FILE ?? join(home, ".terraformrc");
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/filesystem_mirror\s*\{[^}]*?path\s*=\s*"([^"]+)"/g)].map(
    ([, path]) => path as string,
  );
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(dir, entry.name));
  } catch {
    return [];
  }
}

/** The AWS provider versions a mirror root holds, unpacked or packed. */
function readMirror(root: string, platform: string): ProviderMirror | undefined {
  const providerDir = join(root, AWS_PROVIDER);
  const byVersion = new Map<string, Set<string>>();
  const add = (version: string, on: string) =>
    byVersion.set(version, (byVersion.get(version) ?? new Set()).add(on));
  for (const entry of safeList(providerDir)) {
    const packed = PACKED_ARCHIVE.exec(entry);
    if (packed) add(packed[1] as string, packed[2] as string);
    for (const on of safeList(join(providerDir, entry))) {
      const binaries = safeList(join(providerDir, entry, on));
      if (binaries.some((file) => UNPACKED_BINARY.exec(file)?.[1] === entry)) add(entry, on);
    }
  }
  const versions = [...byVersion.keys()]
    .filter((version) => byVersion.get(version)?.has(platform))
    .sort(compareVersions);
  const version = versions.at(-1);
  if (!version) return undefined;
  return { root, version, platforms: [...(byVersion.get(version) ?? [])].sort() };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split(".").map(Number));
  for (let i = 0; i < 3; i++) {
    const difference = (x?.[i] ?? 0) - (y?.[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
