import { describe, expect, it } from "vitest";
import {
  IMAGES_PREFIX,
  isValidId,
  KeyLayoutError,
  parseUploadKey,
  parseVariantKey,
  renderSettingsHash,
  UPLOADS_PREFIX,
  type UploadKey,
  uploadKey,
  variantKey,
} from "../src/index.js";
import { thrownBy } from "./expectError.js";

const UPLOAD: UploadKey = {
  ownerId: "user_42",
  imageId: "01J9Z3K7QW-abc",
  fileName: "Holiday photo (1).JPG",
};

describe("uploadKey", () => {
  it("lays an upload out as uploads/{ownerId}/{imageId}/{fileName}", () => {
    const key = uploadKey(UPLOAD);

    expect(key).toBe("uploads/user_42/01J9Z3K7QW-abc/Holiday photo (1).JPG");
    expect(key.startsWith(UPLOADS_PREFIX)).toBe(true);
  });

  it("round-trips through parseUploadKey", () => {
    const key = uploadKey(UPLOAD);

    const parsed = parseUploadKey(key);

    expect(parsed).toEqual(UPLOAD);
  });

  it.each([
    ["an owner id of '..'", { ...UPLOAD, ownerId: ".." }],
    ["an owner id with a slash", { ...UPLOAD, ownerId: "a/b" }],
    ["an image id with a space", { ...UPLOAD, imageId: "my image" }],
    ["an empty image id", { ...UPLOAD, imageId: "" }],
    ["an image id of 129 characters", { ...UPLOAD, imageId: "x".repeat(129) }],
  ])("refuses %s", (_case, upload) => {
    const error = thrownBy(KeyLayoutError, () => uploadKey(upload));

    expect(error.code).toBe("invalid_key");
    expect(error.message).toBe("Owner and image ids use letters, digits, '_' and '-' only");
  });

  it.each([
    ["an empty file name", ""],
    ["a file name with a slash", "a/b.jpg"],
  ])("refuses %s", (_case, fileName) => {
    const error = thrownBy(KeyLayoutError, () => uploadKey({ ...UPLOAD, fileName }));

    expect(error.message).toBe("A file name must be non-empty and contain no '/'");
  });
});

describe("parseUploadKey", () => {
  it("reads the owner, image and file name of an upload key", () => {
    const key = "uploads/owner-1/image_1/cat.png";

    const parsed = parseUploadKey(key);

    expect(parsed).toEqual({ ownerId: "owner-1", imageId: "image_1", fileName: "cat.png" });
  });

  it.each([
    ["outside uploads/", "images/owner/image/cat.png"],
    ["with a prefix that only looks like uploads/", "uploads-old/owner/image/cat.png"],
    ["with uploads/ not at the start", "x/uploads/owner/image/cat.png"],
    ["with too few segments", "uploads/owner/cat.png"],
    ["with too many segments", "uploads/owner/image/extra/cat.png"],
    ["with an empty file name", "uploads/owner/image/"],
    ["with an owner id of '..'", "uploads/../image/cat.png"],
    ["with an image id of '.'", "uploads/owner/./cat.png"],
    ["with a space in the owner id", "uploads/the owner/image/cat.png"],
    ["with an empty owner id", "uploads//image/cat.png"],
    ["that is empty", ""],
  ])("rejects a key %s", (_case, key) => {
    const error = thrownBy(KeyLayoutError, () => parseUploadKey(key));

    expect(error.code).toBe("invalid_key");
    expect(error.message).toBe(
      `"${key}" is not an upload key: expected uploads/{ownerId}/{imageId}/{fileName}`,
    );
  });
});

describe("isValidId", () => {
  it.each(["a", "A9", "user_42", "01J9Z3K7QW-abc", "x".repeat(128)])("accepts %s", (id) => {
    const valid = isValidId(id);

    expect(valid).toBe(true);
  });

  it.each(["", "..", "a.b", "a b", "a/b", "é", "x".repeat(129)])("refuses %j", (id) => {
    const valid = isValidId(id);

    expect(valid).toBe(false);
  });
});

describe("variantKey", () => {
  const source = { ownerId: "user_42", imageId: "img-1", sourceHash: "9f86d081884c7d65" };

  it("lays a JPEG variant out as images/{owner}/{id}/{hash}/{variant}.jpg", () => {
    const key = variantKey({ ...source, variant: "thumb", format: "jpeg" });

    expect(key).toBe("images/user_42/img-1/9f86d081884c7d65/thumb.jpg");
    expect(key.startsWith(IMAGES_PREFIX)).toBe(true);
  });

  it("lays a WebP variant out as images/{owner}/{id}/{hash}/{variant}.webp", () => {
    const key = variantKey({ ...source, variant: "medium", format: "webp" });

    expect(key).toBe("images/user_42/img-1/9f86d081884c7d65/medium.webp");
  });

  it("gives a new upload of the same image new keys", () => {
    const before = variantKey({ ...source, variant: "thumb", format: "webp" });

    const after = variantKey({
      ...source,
      sourceHash: "2c26b46b68ffc68f",
      variant: "thumb",
      format: "webp",
    });

    expect(after).not.toBe(before);
  });
});

describe("parseVariantKey", () => {
  const layout = {
    ownerId: "user_42",
    imageId: "img-1",
    sourceHash: "9f86d081884c7d65",
    variant: "thumb",
    renderHash: "0a1b2c3d",
    format: "avif",
  } as const;

  it("round-trips a key with its render hash", () => {
    const key = variantKey(layout);

    expect(key).toBe("images/user_42/img-1/9f86d081884c7d65/thumb.0a1b2c3d.avif");
    expect(parseVariantKey(key)).toEqual(layout);
  });

  it("still reads a key written before render hashes", () => {
    expect(parseVariantKey("images/user_42/img-1/9f86d081884c7d65/thumb.jpg")).toEqual({
      ...layout,
      renderHash: undefined,
      format: "jpeg",
    });
  });

  it.each([
    "images/user_42/img-1/9f86d081884c7d65/../thumb.jpg",
    "images/user_42/img-1/not-a-hash/thumb.jpg",
    "images/user_42/img-1/9f86d081884c7d65/thumb.gif",
    "uploads/user_42/img-1/photo.jpg",
  ])("refuses %s", (key) => {
    expect(thrownBy(KeyLayoutError, () => parseVariantKey(key)).code).toBe("invalid_key");
  });
});

describe("renderSettingsHash", () => {
  const variant = {
    width: 160,
    height: 160,
    fit: "cover",
    position: "centre",
    withoutEnlargement: true,
  } as const;
  const webp = { format: "webp", quality: 80, effort: 4 } as const;
  const processing = { background: "#ffffff", maxAnimationFrames: 100 };

  it("is the same for the same settings, and changes with any setting that reaches the pixels", () => {
    const hash = renderSettingsHash(variant, webp, processing);

    expect(hash).toMatch(/^[0-9a-f]{8}$/);
    expect(renderSettingsHash({ ...variant }, { ...webp }, { ...processing })).toBe(hash);
    expect(renderSettingsHash(variant, { ...webp, quality: 60 }, processing)).not.toBe(hash);
    expect(renderSettingsHash({ ...variant, width: 200 }, webp, processing)).not.toBe(hash);
    expect(renderSettingsHash(variant, webp, { ...processing, background: "#000000" })).not.toBe(
      hash,
    );
  });
});
