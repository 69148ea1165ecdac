import { describe, expect, it } from "vitest";
import {
  formatActivity,
  formatBytes,
  formatWebhookDeadLetter,
  table,
} from "../../src/cli/format.js";
import { imageIdFor } from "../../src/cli/uploadCommand.js";

describe("the CLI's output", () => {
  it("aligns a table's columns", () => {
    expect(
      table([
        ["A", "BB", "C"],
        ["long", "x", "y"],
      ]),
    ).toBe("A     BB  C\nlong  x   y");
  });

  it("writes sizes for people", () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(3 * 1024 * 1024)]).toEqual([
      "512 B",
      "2.0 KiB",
      "3.0 MiB",
    ]);
  });

  it("says when a webhook will be retried", () => {
    const line = formatActivity({
      kind: "webhook.retrying",
      at: "2026-11-21T10:00:00.000Z",
      messageType: "Notification",
      messageId: "m-1",
      subscriptionArn: "arn:s",
      endpoint: "http://hooks.test/x",
      attempt: 1,
      status: 503,
      retryInMs: 20_000,
    });
    expect(line).toBe(
      "10:00:00.000  webhook.retrying    Notification m-1 → http://hooks.test/x (attempt 1: HTTP 503, retry in 20s)",
    );
  });

  it("lists a webhook dead letter with its id, event, endpoint and last answer", () => {
    const line = formatWebhookDeadLetter({
      id: "d-1",
      at: "2026-11-21T10:00:00.000Z",
      subscriptionArn: "arn:s",
      endpoint: "http://hooks.test/x",
      attempts: 4,
      lastStatus: 503,
      message: {
        Type: "Notification",
        MessageId: "m-1",
        TopicArn: "arn:t",
        Message: "{}",
        Timestamp: "2026-11-21T09:59:00.000Z",
        MessageAttributes: { eventType: { Type: "String", Value: "image.failed" } },
      },
    });
    expect(line).toBe(
      "d-1  2026-11-21T10:00:00Z  image.failed m-1 → http://hooks.test/x (4 attempts, last: HTTP 503)",
    );
  });

  it("derives an image id from a file name", () => {
    expect(imageIdFor("/photos/Summer Trip (2).JPG", "ab12")).toBe("summer-trip-2-ab12");
    expect(imageIdFor("???.png", "ab12")).toBe("image-ab12");
  });
});
