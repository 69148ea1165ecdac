import { LocalLambda } from "../../src/lambda/localLambda.js";

/** A function bundle written by a test, run with small Lambda settings. */
export function testLambda(name: string, entry: string): LocalLambda {
  return new LocalLambda({
    name,
    entry,
    handler: "handler",
    region: "us-east-1",
    environment: {},
    timeoutMs: 5000,
    memoryMb: 128,
    concurrency: 1,
  });
}
