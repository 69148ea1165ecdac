import { transformSchema } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { parseTransformUrl } from "../../src/parse/parseTransformUrl.js";
import { renditionKeyOf } from "../../src/renditions/renditionKey.js";
import type { ResolvedSource } from "../../src/source/sourceStore.js";

const SOURCE: ResolvedSource = {
  kind: "original",
  ownerId: "alice",
  imageId: "beach",
  revision: "0123456789abcdef",
  bucket: "uploads",
  key: "uploads/alice/beach/photo.jpg",
  pinned: true,
  hasAlpha: false,
  width: 4000,
  height: 3000,
  variants: [],
};
const DEFAULT_EFFORT = transformSchema.parse({}).effort;
const edits = parseTransformUrl("/t/unsafe/fit-in/512x512/alice/beach", "").edits;

describe("renditionKeyOf: the configured effort is part of a rendition's key", () => {
  it("gives an AVIF rendition a new key when the AVIF effort changes", () => {
    const before = renditionKeyOf(SOURCE, edits, "avif", DEFAULT_EFFORT);
    const after = renditionKeyOf(SOURCE, edits, "avif", { ...DEFAULT_EFFORT, avif: 6 });

    expect(after).not.toBe(before);
  });

  it("keeps the keys of formats the changed effort does not touch", () => {
    const changed = { ...DEFAULT_EFFORT, avif: 6 };

    expect(renditionKeyOf(SOURCE, edits, "webp", changed)).toBe(
      renditionKeyOf(SOURCE, edits, "webp", DEFAULT_EFFORT),
    );
    expect(renditionKeyOf(SOURCE, edits, "jpeg", changed)).toBe(
      renditionKeyOf(SOURCE, edits, "jpeg", DEFAULT_EFFORT),
    );
  });
});

describe("renditionKeyOf: the stored variant a rendition is rendered from is part of its key", () => {
  it("gives a rendition from a variant a key of its own, new when the variant's settings change", () => {
    const fromOriginal = renditionKeyOf(SOURCE, edits, "jpeg", DEFAULT_EFFORT);
    const fromLarge = renditionKeyOf(SOURCE, edits, "jpeg", DEFAULT_EFFORT, [], "v/a/1.jpg");
    const fromChangedLarge = renditionKeyOf(SOURCE, edits, "jpeg", DEFAULT_EFFORT, [], "v/b/1.jpg");

    expect(new Set([fromOriginal, fromLarge, fromChangedLarge]).size).toBe(3);
  });
});
