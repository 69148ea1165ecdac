// Minimal types for the emulators, which ship none. Only what the local cloud uses.
declare module "s3rver" {
  import type { EventEmitter } from "node:events";
  import type { AddressInfo } from "node:net";

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: string[] }[];
  }

  export interface S3rverEventRecord {
    eventName: string;
    eventTime: string;
    awsRegion: string;
    requestParameters: { sourceIPAddress: string };
    responseElements: Record<string, string>;
    s3: {
      bucket: { name: string };
      object: { key: string; size?: number; eTag?: string; sequencer?: string };
    };
  }

  export default class S3rver extends EventEmitter {
    constructor(options: S3rverOptions);
    /** Koa's middleware stack (S3rver is a Koa app); composed when `run` starts the server. */
    middleware: ((ctx: unknown, next: () => Promise<void>) => Promise<void>)[];
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    on(event: "event", listener: (event: { Records: S3rverEventRecord[] }) => void): this;
  }
}

declare module "dynalite" {
  import type { Server } from "node:http";

  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  }

  export default function dynalite(options?: DynaliteOptions): Server;
}
