import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import S3rver, { type S3rverEventRecord } from "s3rver";
import { LOCAL_CREDENTIALS, LOCAL_HOST } from "../settings.js";
import { startS3Front } from "./s3Front.js";

export type { S3rverEventRecord };

export interface LocalS3 {
  endpoint: string;
  onObjectEvent(listener: (record: S3rverEventRecord) => void): void;
  stop(): Promise<void>;
}

/**
 * s3rver in-process, path-style, objects kept under `{dataDir}/s3`, behind a front that
 * enforces presigned POST policies and lists object versions (see `s3Front.ts`).
 */
export async function startLocalS3(options: {
  dataDir: string;
  port: number;
  buckets: string[];
  /** Browser origins that may POST uploads. */
  corsOrigins?: readonly string[];
}): Promise<LocalS3> {
  const directory = join(options.dataDir, "s3");
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: LOCAL_HOST,
    port: 0,
    directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  const front = await startS3Front({
    port: options.port,
    upstream: `http://${LOCAL_HOST}:${address.port}`,
    secretFor: (id) =>
      id === LOCAL_CREDENTIALS.accessKeyId ? LOCAL_CREDENTIALS.secretAccessKey : undefined,
    corsOrigins: options.corsOrigins ?? [],
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return {
    endpoint: front.endpoint,
    onObjectEvent(listener) {
      server.on("event", (event) => {
        for (const record of event.Records) listener(record);
      });
    },
    async stop() {
      await front.stop();
      await server.close();
    },
  };
}
