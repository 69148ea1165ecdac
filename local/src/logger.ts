import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/**
 * The local cloud's own log: pino JSON, or pretty lines when a person is watching. It
 * names itself with `name`, so that a function's forwarded lines keep the one
 * `function` key they carry.
 */
export function createLocalLogger(
  level: string,
  pretty: boolean,
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    name: "local-cloud",
    messageKey: "message",
    ...(pretty && {
      transport: {
        target: "pino-pretty",
        options: { messageKey: "message", ignore: "pid,hostname" },
      },
    }),
  };
  return destination ? pino(options, destination) : pino(options);
}
