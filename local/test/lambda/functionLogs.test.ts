import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { forwardFunctionLogs, parseLogLine } from "../../src/lambda/functionLogs.js";
import { createLocalLogger } from "../../src/logger.js";

describe("parseLogLine", () => {
  it("keeps a pino line's level, message and fields, without the logger's own", () => {
    const line = JSON.stringify({
      level: 40,
      time: 1,
      pid: 2,
      hostname: "h",
      function: "process-image",
      imageId: "a",
      message: "rejected",
    });

    expect(parseLogLine(line, "stdout")).toEqual({
      level: "warn",
      message: "rejected",
      fields: { function: "process-image", imageId: "a" },
    });
  });

  it("makes a plain line an info line, or an error line from stderr", () => {
    expect(parseLogLine("hello", "stdout")).toEqual({
      level: "info",
      message: "hello",
      fields: {},
    });
    expect(parseLogLine("[1, 2]", "stderr")).toEqual({
      level: "error",
      message: "[1, 2]",
      fields: {},
    });
  });
});

describe("forwardFunctionLogs", () => {
  it("writes a function's line with one function key, naming the function", async () => {
    const output = new PassThrough();
    const logger = createLocalLogger("info", false, output);
    const line = JSON.stringify({ level: 30, function: "process-image", message: "processed" });

    forwardFunctionLogs(Readable.from([`${line}\n`]), "stdout", "process-image", logger);
    const [written] = await new Promise<string[]>((done) =>
      output.once("data", (chunk: Buffer) => done(chunk.toString().trim().split("\n"))),
    );

    expect(written?.match(/"function":/g)).toHaveLength(1);
    expect(JSON.parse(written ?? "{}")).toMatchObject({
      name: "local-cloud",
      function: "process-image",
      message: "processed",
    });
  });
});
