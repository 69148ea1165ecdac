import { describe, expect, it } from "vitest";
import { negotiateFormat } from "../../src/index.js";

describe("negotiateFormat", () => {
  it.each([
    [
      "a current Chrome",
      "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
      "avif",
    ],
    ["a browser without AVIF", "image/webp,*/*", "webp"],
    ["AVIF refused with q=0", "image/avif;q=0, image/webp", "webp"],
    ["an old browser", "image/png,image/*;q=0.8,*/*;q=0.5", "jpeg"],
    ["no Accept at all", undefined, "jpeg"],
    ["upper case and spaces", " Image/WebP ; q=0.9", "webp"],
  ])("gives %s %s", (_, accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });
});
