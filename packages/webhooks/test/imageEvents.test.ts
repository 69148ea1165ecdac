import { describe, expect, it } from "vitest";
import { WebhookError } from "../src/errors.js";
import { parseImageEvent } from "../src/imageEvents.js";
import { FAILED_EVENT } from "./fixtures/events.js";

function codeOf(json: string) {
  try {
    parseImageEvent(json);
    return "parsed";
  } catch (error) {
    return error instanceof WebhookError ? error.code : String(error);
  }
}

describe("parseImageEvent", () => {
  it("parses an event into its typed shape, dropping fields a later release added", () => {
    const event = parseImageEvent(JSON.stringify({ ...FAILED_EVENT, traceId: "x" }));

    expect(event).toEqual(FAILED_EVENT);
  });

  it("refuses an unknown version with a message that says what to do", () => {
    const next = JSON.stringify({ ...FAILED_EVENT, version: 2 });

    expect(() => parseImageEvent(next)).toThrow(
      "This receiver understands version 1 of image.failed, not version 2; upgrade @imgpipe/webhooks.",
    );
    expect(codeOf(next)).toBe("unsupported_event_version");
  });

  it("tells an unknown type, a broken event and text that is not JSON apart", () => {
    const codes = [
      JSON.stringify({ ...FAILED_EVENT, type: "image.renamed" }),
      JSON.stringify({ ...FAILED_EVENT, data: { ...FAILED_EVENT.data, ownerId: 42 } }),
      "not json",
    ].map(codeOf);

    expect(codes).toEqual(["unknown_event_type", "invalid_event", "invalid_event"]);
  });
});
