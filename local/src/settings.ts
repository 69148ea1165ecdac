import { resolve } from "node:path";
import { LocalCloudError } from "./errors.js";

export interface LocalPorts {
  s3: number;
  dynamodb: number;
  sns: number;
  /** API Gateway (HTTP API), the dev token issuer and the CLI's control endpoints. */
  api: number;
  /** CloudFront: `/images/*`, `/t/*` and the SPA. */
  cdn: number;
}

/** Port 0 picks a free port, which is what tests use. */
export const DEFAULT_PORTS: LocalPorts = {
  s3: 4569,
  dynamodb: 4570,
  sns: 4571,
  api: 4572,
  cdn: 4573,
};

/** Port 0 for every service: what tests use to run side by side. */
export const FREE_PORTS: LocalPorts = { s3: 0, dynamodb: 0, sns: 0, api: 0, cdn: 0 };

/** The account id and credentials every local service accepts (s3rver's built-in pair). */
export const LOCAL_ACCOUNT_ID = "000000000000";
export const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;
export const LOCAL_HOST = "127.0.0.1";

/**
 * How long the local servers keep an idle connection: longer than clients do (undici
 * 4 s, the AWS SDK's agents similar), so a client never sends on a socket the server is
 * closing at that instant — an ECONNRESET that a busy machine makes likely.
 */
export const SERVER_KEEP_ALIVE_MS = 65_000;

const PORT_VARIABLES: Record<keyof LocalPorts, string> = {
  s3: "IMGPIPE_S3_PORT",
  dynamodb: "IMGPIPE_DYNAMODB_PORT",
  sns: "IMGPIPE_SNS_PORT",
  api: "IMGPIPE_API_PORT",
  cdn: "IMGPIPE_CDN_PORT",
};

export function portsFromEnvironment(env: Record<string, string | undefined>): LocalPorts {
  const entries = Object.entries(PORT_VARIABLES).map(([service, variable]) => [
    service,
    port(env[variable], variable, DEFAULT_PORTS[service as keyof LocalPorts]),
  ]);
  return Object.fromEntries(entries) as LocalPorts;
}

export function dataDirFromEnvironment(env: Record<string, string | undefined>): string {
  return resolve(env.IMGPIPE_DATA_DIR ?? ".imgpipe");
}

function port(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new LocalCloudError(
      "invalid_port",
      `${name} must be a port number (0–65535), got "${value}"`,
    );
  }
  return n;
}
