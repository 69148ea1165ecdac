import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";

const synthesizeAll = vi.hoisted(() => vi.fn(async () => ["imgpipe-dev"]));
vi.mock("./app.js", () => ({ synthesizeAll }));

describe("main.ts", () => {
  const argv = process.argv;
  afterEach(() => {
    process.argv = argv;
    vi.resetModules();
    vi.restoreAllMocks();
    synthesizeAll.mockClear();
  });

  it("synthesizes nothing when it is imported", async () => {
    await import("../main.js");

    expect(synthesizeAll).not.toHaveBeenCalled();
  });

  it("synthesizes every stack when node runs it", async () => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    process.argv = [argv[0] ?? "node", fileURLToPath(new URL("../main.ts", import.meta.url))];

    await import("../main.js");

    expect(synthesizeAll).toHaveBeenCalledOnce();
  });
});
