import { describe, expect, it } from "vitest";
import { TransformError } from "../../src/errors.js";
import { parseQueryEdits } from "../../src/parse/queryForm.js";

const edits = (query: string, alsoAllowed?: readonly string[]) =>
  parseQueryEdits(new URLSearchParams(query), alsoAllowed);
const refusal = (query: string, alsoAllowed?: readonly string[]) => {
  try {
    edits(query, alsoAllowed);
  } catch (error) {
    if (error instanceof TransformError) return error;
  }
  throw new Error(`${query} was accepted`);
};

describe("parseQueryEdits: the query form's edits alone (POST /transform)", () => {
  it("reads the edits without an image", () => {
    expect(edits("w=320&fm=webp&q=70")).toMatchObject({
      resize: { width: 320, height: undefined, fit: "inside", scale: 1 },
      output: { format: "webp", quality: 70 },
    });
  });

  it("asks for nothing without parameters: the image as it is, its format from Accept", () => {
    expect(edits("")).toMatchObject({
      resize: { width: undefined, height: undefined },
      output: { format: "auto" },
    });
  });

  it("refuses expires, which only a URL's signature covers, naming what it takes", () => {
    const error = refusal("w=320&expires=1");

    expect(error.code).toBe("invalid_url");
    expect(error.message).toBe(
      'Unknown parameter "expires"; the query form takes w, h, fit, fm, q, blur, dpr.',
    );
  });

  it("leaves the names it is told about to the caller", () => {
    expect(edits("w=320&expires=1", ["expires"]).resize.width).toBe(320);
    expect(refusal("x=1", ["expires"]).message).toContain("dpr and expires");
  });

  it("refuses a parameter given twice", () => {
    expect(refusal("w=1&w=2").message).toBe('The parameter "w" is given 2 times.');
  });
});
