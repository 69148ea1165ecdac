import { ImageRejectedError, limitsSchema, processingSchema, transformSchema } from "@imgpipe/core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { TransformError } from "../../src/errors.js";
import { parseQueryEdits } from "../../src/parse/queryForm.js";
import { renderUpload } from "../../src/render/renderUpload.js";
import { jpegPhoto, sidewaysJpeg, translucentPng } from "../fixtures.js";

const SETTINGS = {
  limits: limitsSchema.parse({}),
  processing: processingSchema.parse({}),
  transform: transformSchema.parse({}),
};
const edits = (query: string) => parseQueryEdits(new URLSearchParams(query));
const render = (bytes: Uint8Array, query: string, accept?: string) =>
  renderUpload(bytes, edits(query), accept, SETTINGS);
const metadataOf = (body: Buffer) => sharp(body).metadata();

describe("renderUpload: edits of bytes a caller sent", () => {
  it("resizes and re-encodes in the asked format", async () => {
    const image = await render(await jpegPhoto(800, 600), "w=200&fm=webp");

    expect(image).toMatchObject({ format: "webp", contentType: "image/webp", width: 200 });
    expect(await metadataOf(image.body)).toMatchObject({ format: "webp", width: 200, height: 150 });
  });

  it("turns a photo upright from its EXIF orientation", async () => {
    const image = await render(await sidewaysJpeg(), "fm=jpeg");

    expect(await metadataOf(image.body)).toMatchObject({ width: 200, height: 300 });
  });

  it("takes the format from Accept without fm, and PNG for transparency where only JPEG is accepted", async () => {
    const photo = await jpegPhoto(100, 80);
    const png = await translucentPng(100, 80);

    expect((await render(photo, "", "image/avif,image/webp")).format).toBe("avif");
    expect((await render(photo, "", "image/webp")).format).toBe("webp");
    expect((await render(photo, "", undefined)).format).toBe("jpeg");
    expect((await render(png, "", "image/jpeg")).format).toBe("png");
  });

  it("answers a JPEG asked for by name in JPEG, transparent source or not, as /t/* does", async () => {
    const png = await translucentPng(100, 80);

    expect((await render(png, "fm=jpeg", "image/jpeg")).format).toBe("jpeg");
  });

  it("refuses bytes that are not an image, and a truncated one, as the upload's fault", async () => {
    const photo = await jpegPhoto(400, 300);

    await expect(render(Buffer.from("not an image at all"), "w=10")).rejects.toMatchObject({
      name: ImageRejectedError.name,
      code: "unsupported_format",
    });
    await expect(render(photo.subarray(0, photo.length / 2), "w=10")).rejects.toMatchObject({
      name: ImageRejectedError.name,
      code: "corrupt_image",
    });
  });

  it("refuses an output over the transform limits before decoding", async () => {
    await expect(render(await jpegPhoto(100, 80), "w=5000")).rejects.toBeInstanceOf(TransformError);
  });
});
