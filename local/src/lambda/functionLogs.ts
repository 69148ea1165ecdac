import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { Logger } from "../logger.js";

type Level = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

export interface LogLine {
  level: Level;
  message: string;
  fields: Record<string, unknown>;
}

const PINO_LEVELS: Record<number, Level> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};
/** Fields the local cloud's logger writes itself. */
const OWN_FIELDS = ["level", "time", "pid", "hostname", "msg", "message"];

/**
 * Reads one line a function wrote: a pino JSON line keeps its level, message and
 * fields; anything else is an info line (a stray console.log) or, from stderr, an error.
 */
export function parseLogLine(line: string, stream: "stdout" | "stderr"): LogLine {
  const fallback: LogLine = {
    level: stream === "stderr" ? "error" : "info",
    message: line,
    fields: {},
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return fallback;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return fallback;
  const record = parsed as Record<string, unknown>;
  const fields = Object.fromEntries(
    Object.entries(record).filter(([key]) => !OWN_FIELDS.includes(key)),
  );
  return {
    level: PINO_LEVELS[record.level as number] ?? fallback.level,
    message: String(record.message ?? record.msg ?? ""),
    fields,
  };
}

/** Sends every line of a worker's stream to the local log, labelled with the function. */
export function forwardFunctionLogs(
  stream: Readable,
  which: "stdout" | "stderr",
  functionName: string,
  logger: Logger,
): void {
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    const { level, message, fields } = parseLogLine(line, which);
    // The line's own `function` wins; a stray line gets the name of the worker's function.
    logger[level]({ function: functionName, ...fields }, message);
  });
}
