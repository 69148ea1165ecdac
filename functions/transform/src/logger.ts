import { type Logger, pino } from "pino";

export type { Logger };

/** One JSON line per event; `requestId` is added by child loggers. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { function: "transform" }, messageKey: "message" });
}
