import { describe, expect, it } from "vitest";
import {
  IMAGES_BY_OWNER_INDEX,
  IMAGES_TABLE_KEY,
  IMAGES_TABLE_TTL_ATTRIBUTE,
} from "../src/index.js";

describe("the images table's layout", () => {
  it("indexes an owner's images by creation time, under the table's partition key", () => {
    expect(IMAGES_BY_OWNER_INDEX.partition).toBe(IMAGES_TABLE_KEY.partition);
    expect(IMAGES_BY_OWNER_INDEX.sort).toBe("createdAt");
  });

  it("expires rows on an attribute that is no key", () => {
    const keys = [IMAGES_TABLE_KEY.partition, IMAGES_TABLE_KEY.sort, IMAGES_BY_OWNER_INDEX.sort];

    expect(keys).not.toContain(IMAGES_TABLE_TTL_ATTRIBUTE);
  });
});
