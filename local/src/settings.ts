import { resolve } from "node:path";

export interface LocalPorts {
  s3: number;
  dynamodb: number;
  sns: number;
}

/** Port 0 picks a free port, which is what tests use. */
export const DEFAULT_PORTS: LocalPorts = { s3: 4569, dynamodb: 4570, sns: 4571 };

/** The account id and credentials every local service accepts (s3rver's built-in pair). */
export const LOCAL_ACCOUNT_ID = "000000000000";
export const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;
export const LOCAL_HOST = "127.0.0.1";

export function portsFromEnvironment(env: Record<string, string | undefined>): LocalPorts {
  return {
    s3: port(env.IMGPIPE_S3_PORT, "IMGPIPE_S3_PORT", DEFAULT_PORTS.s3),
    dynamodb: port(env.IMGPIPE_DYNAMODB_PORT, "IMGPIPE_DYNAMODB_PORT", DEFAULT_PORTS.dynamodb),
    sns: port(env.IMGPIPE_SNS_PORT, "IMGPIPE_SNS_PORT", DEFAULT_PORTS.sns),
  };
}

export function dataDirFromEnvironment(env: Record<string, string | undefined>): string {
  return resolve(env.IMGPIPE_DATA_DIR ?? ".imgpipe");
}

function port(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${name} must be a port number (0–65535), got "${value}"`);
  }
  return n;
}
