import { describe, expect, it } from "vitest";
import { isSelected } from "../../src/control/reprocess.js";

describe("isSelected", () => {
  const key = "uploads/alice/sunset/photo.jpg";

  it("selects by image id, and by owner when one is given", () => {
    expect(isSelected(key, { imageId: "sunset" })).toBe(true);
    expect(isSelected(key, { imageId: "sunset", ownerId: "alice" })).toBe(true);
    expect(isSelected(key, { imageId: "sunset", ownerId: "bob" })).toBe(false);
    expect(isSelected(key, { imageId: "sunrise" })).toBe(false);
  });

  it("selects everything with all, and no key outside the layout by id", () => {
    expect(isSelected("uploads/stray.jpg", { all: true })).toBe(true);
    expect(isSelected("uploads/stray.jpg", { imageId: "stray.jpg" })).toBe(false);
  });
});
