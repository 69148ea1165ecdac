import { type Logger, pino } from "pino";

export type { Logger };

/** The local cloud's own log: pino JSON, or pretty lines when a person is watching. */
export function createLocalLogger(level: string, pretty: boolean): Logger {
  return pino({
    level,
    base: { function: "local-cloud" },
    messageKey: "message",
    ...(pretty && {
      transport: {
        target: "pino-pretty",
        options: { messageKey: "message", ignore: "pid,hostname" },
      },
    }),
  });
}
