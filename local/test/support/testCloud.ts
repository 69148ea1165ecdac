import { pino } from "pino";
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from "../../src/localCloud.js";
import { FREE_PORTS } from "../../src/settings.js";

/** The local cloud as tests run it: free ports and no log output, unless overridden. */
export function startTestCloud(
  options: Omit<LocalCloudOptions, "ports" | "logger"> & Partial<LocalCloudOptions>,
): Promise<LocalCloud> {
  return startLocalCloud({
    ports: FREE_PORTS,
    logger: pino({ level: "silent" }),
    functionLogLevel: "silent",
    ...options,
  });
}
