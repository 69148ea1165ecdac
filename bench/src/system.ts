import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

export const run = promisify(execFile);

/** True when `command` is on the PATH. */
export async function hasCommand(command: string): Promise<boolean> {
  try {
    await run("sh", ["-c", `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

/** Installs Debian's `debianPackage` with apt-get when `command` is missing (run as root). */
export async function ensureDebianTool(command: string, debianPackage: string): Promise<void> {
  if (await hasCommand(command)) return;
  progress(`installing ${debianPackage} (${command}) with apt-get`);
  await run("apt-get", ["update"]);
  await run("apt-get", ["install", "-y", "--no-install-recommends", debianPackage], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

/** Runs Node with `args` in a fresh process and parses the JSON it writes to stdout. */
export function jsonFromNode<T>(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(output) as T);
      else reject(new Error(`node ${args[0] ?? ""} … exited with ${code}`));
    });
  });
}

/** Linux clock ticks per second, as /proc reports CPU times (USER_HZ, 100 on every distro). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by this process (all its threads) and by the children it has
 * waited for. libvips works in its own threads and vipsthumbnail in child processes,
 * so both count.
 */
export function cpuSeconds(): number {
  const own = process.cpuUsage();
  const stat = readFileSync("/proc/self/stat", "utf8");
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const children = Number(fields[13]) + Number(fields[14]);
  return (own.user + own.system) / 1e6 + children / TICKS_PER_SECOND;
}

/** Writes a progress line over the previous one on a terminal, or a plain line elsewhere. */
export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
  else process.stderr.write(`${text}\n`);
}

export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
}
