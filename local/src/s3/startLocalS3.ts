import { AsyncLocalStorage } from "node:async_hooks";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import S3rver, { type S3rverEventRecord } from "s3rver";
import { LOCAL_CREDENTIALS, LOCAL_HOST } from "../settings.js";
import { startS3Front } from "./s3Front.js";

export type { S3rverEventRecord };

/** Handles an object event; S3 answers the request only once the promise it returns settles. */
export type ObjectEventListener = (record: S3rverEventRecord) => Promise<unknown> | undefined;

export interface LocalS3 {
  endpoint: string;
  onObjectEvent(listener: ObjectEventListener): void;
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
  // As on S3, a write is acknowledged only once its event is safe (journaled by the
  // bus): an upload that got its 200 always gets processed, whatever happens next.
  // s3rver emits the event while it handles the request; the request's own async
  // context collects what its listeners return, and an outermost middleware waits.
  const accepting = new AsyncLocalStorage<Promise<unknown>[]>();
  server.middleware.unshift(async (_ctx, next) => {
    const accepted: Promise<unknown>[] = [];
    await accepting.run(accepted, next);
    await Promise.all(accepted);
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
        for (const record of event.Records) {
          const accepted = listener(record);
          if (accepted) accepting.getStore()?.push(accepted);
        }
      });
    },
    async stop() {
      await front.stop();
      await server.close();
    },
  };
}
