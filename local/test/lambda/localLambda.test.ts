import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type LocalFunctionDefinition, LocalLambda } from "../../src/lambda/localLambda.js";

const BUNDLE = `
let running = 0;
export async function handler(event, context) {
  running++;
  const overlapping = running;
  await new Promise((done) => setTimeout(done, 20));
  running--;
  if (event.action === "sleep") await new Promise((done) => setTimeout(done, event.ms));
  if (event.action === "fail") { const e = new Error("bad input"); e.name = "ValidationError"; throw e; }
  return {
    greeting: process.env.GREETING,
    hostSecret: process.env.HOST_ONLY_SECRET ?? null,
    region: process.env.AWS_REGION,
    functionName: context.functionName,
    requestId: context.awsRequestId,
    remaining: context.getRemainingTimeInMillis(),
    overlapping,
  };
}
`;

describe("LocalLambda", () => {
  let dir: string;
  let lambda: LocalLambda;
  let definition: LocalFunctionDefinition;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "imgpipe-lambda-"));
    await writeFile(join(dir, "index.mjs"), BUNDLE);
    definition = {
      name: "echo",
      entry: join(dir, "index.mjs"),
      handler: "handler",
      region: "eu-west-1",
      environment: { GREETING: "hello" },
      timeoutMs: 1000,
      memoryMb: 128,
      concurrency: 1,
    };
  });
  afterEach(() => lambda?.stop());
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("runs the handler with only the function's environment and a Lambda context", async () => {
    process.env.HOST_ONLY_SECRET = "must not leak";
    lambda = new LocalLambda(definition);

    const result = await lambda.invoke({});

    delete process.env.HOST_ONLY_SECRET;
    expect(result).toMatchObject({
      greeting: "hello",
      hostSecret: null,
      region: "eu-west-1",
      functionName: "echo",
    });
    expect((result as { remaining: number }).remaining).toBeGreaterThan(0);
    expect((result as { remaining: number }).remaining).toBeLessThanOrEqual(1000);
  });

  it("reports a handler error with its type and message", async () => {
    lambda = new LocalLambda(definition);

    await expect(lambda.invoke({ action: "fail" })).rejects.toMatchObject({
      errorType: "ValidationError",
      message: "echo failed: ValidationError: bad input",
    });
  });

  it("kills an invocation that runs past the timeout and starts a fresh sandbox for the next", async () => {
    lambda = new LocalLambda(definition);

    await expect(lambda.invoke({ action: "sleep", ms: 5000 })).rejects.toMatchObject({
      errorType: "Sandbox.Timedout",
    });
    await expect(lambda.invoke({})).resolves.toMatchObject({ greeting: "hello" });
  });

  it("runs one invocation at a time per sandbox and queues those beyond its concurrency", async () => {
    lambda = new LocalLambda(definition);

    const results = (await Promise.all([
      lambda.invoke({}),
      lambda.invoke({}),
      lambda.invoke({}),
    ])) as {
      requestId: string;
      overlapping: number;
    }[];

    expect(results.map((r) => r.overlapping)).toEqual([1, 1, 1]);
    expect(new Set(results.map((r) => r.requestId)).size).toBe(3);
  });

  it("lets a running invocation finish when its signal aborts, and gives up those still waiting", async () => {
    lambda = new LocalLambda(definition);
    const stopping = new AbortController();

    const running = lambda.invoke({ action: "sleep", ms: 200 }, { signal: stopping.signal });
    const waiting = lambda.invoke({}, { signal: stopping.signal });
    stopping.abort(new Error("stopping"));
    const [ran, gaveUp] = await Promise.allSettled([running, waiting]);

    expect(ran).toMatchObject({ status: "fulfilled", value: { greeting: "hello" } });
    expect(gaveUp).toMatchObject({ status: "rejected", reason: new Error("stopping") });
    await expect(lambda.invoke({}, { signal: stopping.signal })).rejects.toThrow("stopping");
    await expect(lambda.invoke({})).resolves.toMatchObject({ greeting: "hello" });
  });
});

describe("LocalLambda's function output", () => {
  it("sends stdout and direct writes to file descriptor 1 to the local log, labelled with the function", async () => {
    const dir = await mkdtemp(join(tmpdir(), "imgpipe-logs-"));
    await writeFile(
      join(dir, "index.mjs"),
      `import { writeSync } from "node:fs";
export async function handler() {
  writeSync(1, JSON.stringify({ level: 40, time: 1, message: "careful", imageId: "a" }) + "\\n");
  console.log("plain line");
  return "ok";
}`,
    );
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: "info", messageKey: "message" },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const lambda = new LocalLambda({
      name: "talker",
      entry: join(dir, "index.mjs"),
      handler: "handler",
      region: "us-east-1",
      environment: {},
      timeoutMs: 5000,
      memoryMb: 128,
      concurrency: 1,
      logger,
    });

    await lambda.invoke({});
    await new Promise((done) => setTimeout(done, 100));
    await lambda.stop();
    await rm(dir, { recursive: true, force: true });

    expect(lines).toEqual([
      expect.objectContaining({ level: 40, function: "talker", imageId: "a", message: "careful" }),
      expect.objectContaining({ level: 30, function: "talker", message: "plain line" }),
    ]);
  });
});
