import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { LocalCloud } from "../../src/localCloud.js";

const CLI = join(import.meta.dirname, "..", "..", "dist", "cli.js");

/** Runs the built CLI against the running cloud, as a developer would; resolves to its output. */
export async function runCli(cloud: LocalCloud, cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--openssl-legacy-provider", CLI, ...args],
    {
      cwd,
      env: {
        PATH: process.env.PATH,
        IMGPIPE_API_PORT: new URL(cloud.endpoints.api).port,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
    },
  );
  return stdout;
}
