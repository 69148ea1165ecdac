import { describe, expect, it } from "vitest";
import { loadOnce } from "../src/loadOnce.js";

describe("loadOnce", () => {
  it("loads nothing until first asked, then once for every caller", async () => {
    let loads = 0;
    const stores = loadOnce(async () => ({ load: ++loads }));

    expect(loads).toBe(0);
    const [first, second] = await Promise.all([stores(), stores()]);
    const later = await stores();

    expect(loads).toBe(1);
    expect(first).toBe(second);
    expect(later).toBe(first);
  });

  it("tries again on the next call after a failed load", async () => {
    let attempts = 0;
    const stores = loadOnce(async () => {
      attempts++;
      if (attempts === 1) throw new Error("chunk not readable");
      return "stores";
    });

    await expect(stores()).rejects.toThrow("chunk not readable");
    await expect(stores()).resolves.toBe("stores");
    expect(attempts).toBe(2);
  });
});
