import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import S3rver, { type S3rverEventRecord } from "s3rver";
import { LOCAL_HOST } from "../settings.js";

export type { S3rverEventRecord };

export interface LocalS3 {
  endpoint: string;
  onObjectEvent(listener: (record: S3rverEventRecord) => void): void;
  stop(): Promise<void>;
}

/** s3rver in-process, path-style, objects kept under `{dataDir}/s3`. */
export async function startLocalS3(options: {
  dataDir: string;
  port: number;
  buckets: string[];
}): Promise<LocalS3> {
  const directory = join(options.dataDir, "s3");
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: LOCAL_HOST,
    port: options.port,
    directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  return {
    endpoint: `http://${LOCAL_HOST}:${address.port}`,
    onObjectEvent(listener) {
      server.on("event", (event) => {
        for (const record of event.Records) listener(record);
      });
    },
    stop: () => server.close(),
  };
}
