import { execFile } from "node:child_process";
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
