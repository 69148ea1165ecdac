import { describe, expect, it } from "vitest";
import { limitsSchema } from "../src/config/limits.js";
import { ACCEPTED_UPLOAD_TYPES } from "../src/image/detectFormat.js";
import { checkUploadSize } from "../src/image/inspectImage.js";
import { formatBytes, uploadRefusal } from "../src/uploadRules.js";

describe("uploadRefusal", () => {
  const limit = 2 * 1024 * 1024;

  it("accepts every upload content type, in any case", () => {
    for (const contentType of ACCEPTED_UPLOAD_TYPES) {
      expect(uploadRefusal({ contentType: contentType.toUpperCase(), bytes: 10 }, limit)).toBe(
        undefined,
      );
    }
  });

  it("refuses another type with 415 and names what is accepted", () => {
    expect(uploadRefusal({ contentType: "text/plain", bytes: 10 }, limit)).toEqual({
      code: "unsupported_type",
      status: 415,
      message:
        "A file of type text/plain is not accepted; upload a JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC image.",
    });
    expect(uploadRefusal({ contentType: "", bytes: 10 }, limit)?.message).toMatch(
      /^A file of unknown type is not accepted/,
    );
  });

  it("refuses a file over the limit with 413 in the words process-image uses", () => {
    const refusal = uploadRefusal({ contentType: "image/png", bytes: 3 * 1024 * 1024 }, limit);
    let processImageSays = "";
    try {
      checkUploadSize(3 * 1024 * 1024, limitsSchema.parse({ maxUploadBytes: limit }));
    } catch (error) {
      processImageSays = (error as Error).message;
    }

    expect(refusal).toEqual({
      code: "too_large",
      status: 413,
      message: "The file is 3.0 MiB; the limit is 2.0 MiB.",
    });
    expect(refusal?.message).toBe(processImageSays);
    expect(uploadRefusal({ contentType: "image/png", bytes: limit }, limit)).toBeUndefined();
  });

  it("writes sizes in binary units", () => {
    expect(formatBytes(812)).toBe("1 KiB");
    expect(formatBytes(150 * 1024)).toBe("150 KiB");
    expect(formatBytes(25 * 1024 * 1024)).toBe("25.0 MiB");
  });
});
