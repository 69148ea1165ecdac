import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import { LAMBDA_MAX_REQUEST_BYTES, LAMBDA_MAX_RESPONSE_BYTES } from "@imgpipe/core";
import type { Logger } from "../logger.js";
import { LOCAL_ACCOUNT_ID } from "../settings.js";
import { forwardFunctionLogs } from "./functionLogs.js";
import { WORKER_BOOTSTRAP } from "./workerBootstrap.js";

export interface LocalFunctionDefinition {
  name: string;
  /** The built bundle, the same file that is zipped for AWS. */
  entry: string;
  handler: string;
  region: string;
  environment: Record<string, string>;
  timeoutMs: number;
  memoryMb: number;
  /** Sandboxes (workers) that may run at once; further invocations wait. */
  concurrency: number;
  /** An idle sandbox is shut down after this long; kept until stop() when left out. */
  idleTimeoutMs?: number;
  /** Where the function's stdout and stderr go, line by line; inherited when left out. */
  logger?: Logger;
}

/** What a failed invocation reports, like Lambda's `errorType` / `errorMessage`. */
export class FunctionInvocationError extends Error {
  override readonly name = "FunctionInvocationError";

  constructor(
    readonly functionName: string,
    readonly errorType: string,
    message: string,
  ) {
    super(`${functionName} failed: ${errorType}: ${message}`);
  }
}

/** The `errorType` of an invocation Lambda refuses because its event is too large. */
export const REQUEST_TOO_LARGE = "RequestEntityTooLargeException";

/** A payload's size as Lambda counts it: its JSON, in bytes. */
function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value);
  return json === undefined ? 0 : Buffer.byteLength(json);
}

interface Sandbox {
  worker: Worker;
  busy: boolean;
  /** Reclaims the sandbox once it has been idle for a while, as Lambda does. */
  reaper?: NodeJS.Timeout;
}

interface Reply {
  requestId: string;
  ok: boolean;
  result?: unknown;
  error?: { name: string; message: string };
}

/**
 * Runs a function bundle as Lambda runs it: each sandbox is a worker thread with only
 * the function's own environment variables, one invocation at a time, killed on timeout.
 */
export class LocalLambda {
  private readonly sandboxes: Sandbox[] = [];
  private readonly waiting: ((sandbox: Sandbox) => void)[] = [];

  constructor(private readonly definition: LocalFunctionDefinition) {}

  get name(): string {
    return this.definition.name;
  }

  /**
   * An aborted `signal` gives up waiting for a free sandbox; a started invocation runs on.
   * Lambda's payload limits hold: an event over 6 MiB of JSON is refused before it runs
   * (`RequestEntityTooLargeException`), a result over 6 MiB + 100 bytes fails the
   * invocation (`Function.ResponseSizeTooLarge`).
   */
  async invoke(event: unknown, options: { signal?: AbortSignal } = {}): Promise<unknown> {
    if (jsonBytes(event) > LAMBDA_MAX_REQUEST_BYTES) {
      throw new FunctionInvocationError(
        this.name,
        REQUEST_TOO_LARGE,
        `Request must be smaller than ${LAMBDA_MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`,
      );
    }
    const sandbox = await this.acquire(options.signal);
    const requestId = randomUUID();
    let result: unknown;
    try {
      result = await this.run(sandbox, requestId, event);
    } finally {
      this.release(sandbox);
    }
    if (jsonBytes(result) > LAMBDA_MAX_RESPONSE_BYTES) {
      throw new FunctionInvocationError(
        this.name,
        "Function.ResponseSizeTooLarge",
        `Response payload size exceeded maximum allowed payload size (${LAMBDA_MAX_RESPONSE_BYTES} bytes).`,
      );
    }
    return result;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.sandboxes.map((sandbox) => {
        clearTimeout(sandbox.reaper);
        return sandbox.worker.terminate();
      }),
    );
    this.sandboxes.length = 0;
  }

  private run(sandbox: Sandbox, requestId: string, event: unknown): Promise<unknown> {
    const { worker } = sandbox;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        this.discard(sandbox);
        reject(
          new FunctionInvocationError(
            this.name,
            "Sandbox.Timedout",
            `timed out after ${this.definition.timeoutMs} ms`,
          ),
        );
      }, this.definition.timeoutMs);
      const onMessage = (reply: Reply) => {
        if (reply.requestId !== requestId) return;
        cleanup();
        if (reply.ok) resolve(reply.result);
        else
          reject(
            new FunctionInvocationError(
              this.name,
              reply.error?.name ?? "Error",
              reply.error?.message ?? "",
            ),
          );
      };
      const onError = (error: Error) => {
        cleanup();
        this.discard(sandbox);
        reject(new FunctionInvocationError(this.name, error.name, error.message));
      };
      const onExit = (code: number) => {
        cleanup();
        this.discard(sandbox);
        reject(
          new FunctionInvocationError(
            this.name,
            "Runtime.ExitError",
            `sandbox exited with code ${code}`,
          ),
        );
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage({ requestId, event, deadline: Date.now() + this.definition.timeoutMs });
    });
  }

  private acquire(signal: AbortSignal | undefined): Promise<Sandbox> {
    signal?.throwIfAborted();
    const free = this.sandboxes.find((s) => !s.busy);
    if (free) {
      clearTimeout(free.reaper);
      free.busy = true;
      return Promise.resolve(free);
    }
    if (this.sandboxes.length < this.definition.concurrency) {
      const sandbox = { worker: this.startWorker(), busy: true };
      this.sandboxes.push(sandbox);
      return Promise.resolve(sandbox);
    }
    return new Promise((resolve, reject) => {
      const abandon = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(signal?.reason);
      };
      const take = (sandbox: Sandbox) => {
        signal?.removeEventListener("abort", abandon);
        resolve(sandbox);
      };
      signal?.addEventListener("abort", abandon, { once: true });
      this.waiting.push(take);
    });
  }

  private release(sandbox: Sandbox): void {
    if (!this.sandboxes.includes(sandbox)) {
      // The sandbox was discarded (timeout or crash): a waiter gets a fresh one.
      const next = this.waiting.shift();
      if (next) {
        const fresh = { worker: this.startWorker(), busy: true };
        this.sandboxes.push(fresh);
        next(fresh);
      }
      return;
    }
    const next = this.waiting.shift();
    if (next) next(sandbox);
    else this.park(sandbox);
  }

  private park(sandbox: Sandbox): void {
    sandbox.busy = false;
    const { idleTimeoutMs } = this.definition;
    if (idleTimeoutMs === undefined) return;
    sandbox.reaper = setTimeout(() => this.discard(sandbox), idleTimeoutMs);
    sandbox.reaper.unref();
  }

  private discard(sandbox: Sandbox): void {
    clearTimeout(sandbox.reaper);
    const index = this.sandboxes.indexOf(sandbox);
    if (index >= 0) this.sandboxes.splice(index, 1);
    void sandbox.worker.terminate();
  }

  private startWorker(): Worker {
    const { name, region, memoryMb } = this.definition;
    const { logger } = this.definition;
    const worker = new Worker(WORKER_BOOTSTRAP, {
      eval: true,
      stdout: logger !== undefined,
      stderr: logger !== undefined,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
      env: {
        ...this.definition.environment,
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_LAMBDA_FUNCTION_NAME: name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
      },
      workerData: {
        captureOutput: logger !== undefined,
        entry: this.definition.entry,
        handler: this.definition.handler,
        context: {
          functionName: name,
          functionVersion: "$LATEST",
          invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${name}`,
          memoryLimitInMB: String(memoryMb),
          logGroupName: `/aws/lambda/${name}`,
          logStreamName: `local/${randomUUID()}`,
        },
      },
    });
    if (logger) {
      forwardFunctionLogs(worker.stdout, "stdout", name, logger);
      forwardFunctionLogs(worker.stderr, "stderr", name, logger);
    }
    // A sandbox that crashes between invocations is replaced on the next one.
    worker.on("error", () => {
      const crashed = this.sandboxes.find((s) => s.worker === worker && !s.busy);
      if (crashed) this.discard(crashed);
    });
    worker.unref();
    return worker;
  }
}
