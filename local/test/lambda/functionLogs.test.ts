import { describe, expect, it } from "vitest";
import { parseLogLine } from "../../src/lambda/functionLogs.js";

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
