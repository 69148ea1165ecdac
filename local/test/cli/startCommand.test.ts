import { describe, expect, it } from "vitest";
import { resumeReport, stopReport } from "../../src/cli/startCommand.js";

describe("what imgpipe start says about work left between runs", () => {
  it("names what a start resumes, and says nothing when the last run left nothing", () => {
    expect(resumeReport({ events: 12, notifications: 1, heldRows: 2 })).toBe(
      "Resuming from the last run: 12 upload events, 1 webhook notification, 2 images left mid-processing.\n",
    );
    expect(resumeReport({ events: 0, notifications: 0, heldRows: 0 })).toBe("");
  });

  it("names what a stop saved for the next start", () => {
    expect(stopReport({ events: 1, notifications: 3 })).toBe(
      "Stopped. Saved for the next start: 1 upload event, 3 webhook notifications.",
    );
    expect(stopReport({ events: 0, notifications: 0 })).toBe(
      "Stopped. Nothing was left undelivered.",
    );
  });
});
