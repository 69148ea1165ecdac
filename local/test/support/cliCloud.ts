import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { eventually } from "./eventually.js";

const CLI = join(import.meta.dirname, "..", "..", "dist", "cli.js");

export interface CliCloudEndpoints {
  s3: string;
  dynamodb: string;
  sns: string;
  api: string;
  cdn: string;
}

/**
 * `imgpipe start` as a developer runs it, in a child process (the built CLI, free ports),
 * so a test can send it real signals: SIGINT as Ctrl-C does, SIGKILL as a crash.
 */
export interface CliCloud {
  endpoints: CliCloudEndpoints;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startCliCloud(options: {
  configFile: string;
  dataDir: string;
  readyTimeoutMs?: number;
}): Promise<CliCloud> {
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", CLI, "start", "--config", options.configFile],
    {
      cwd: options.dataDir,
      env: {
        PATH: process.env.PATH,
        IMGPIPE_DATA_DIR: options.dataDir,
        IMGPIPE_S3_PORT: "0",
        IMGPIPE_DYNAMODB_PORT: "0",
        IMGPIPE_SNS_PORT: "0",
        IMGPIPE_API_PORT: "0",
        IMGPIPE_CDN_PORT: "0",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = exitOf(child);
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  try {
    await eventually(async () => {
      if (ended) throw new Error(`imgpipe start exited before it was ready:\n${output}`);
      if (!output.includes("Press Ctrl-C to stop.")) throw new Error(`not ready yet:\n${output}`);
    }, options.readyTimeoutMs ?? 120_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    endpoints: endpointsIn(output),
    output: () => output,
    signal: (signal) => child.kill(signal),
    exited,
  };
}

async function exitOf(child: ChildProcess) {
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

/** The endpoints in the table `imgpipe start` prints. */
function endpointsIn(banner: string): CliCloudEndpoints {
  const endpoint = (service: string) => {
    const found = new RegExp(`^\\s+${service}\\s+(http://\\S+)`, "m").exec(banner)?.[1];
    if (!found) throw new Error(`No ${service} endpoint in:\n${banner}`);
    return found;
  };
  return {
    s3: endpoint("S3"),
    dynamodb: endpoint("DynamoDB"),
    sns: endpoint("SNS"),
    api: endpoint("API Gateway"),
    cdn: endpoint("CloudFront"),
  };
}
