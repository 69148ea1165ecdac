import { inspectImage, limitsSchema, processingSchema, transformSchema } from "@imgpipe/core";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { parseTransformUrl } from "../../src/parse/parseTransformUrl.js";
import type { WatermarkImage } from "../../src/render/finish.js";
import { planOutput } from "../../src/render/outputPlan.js";
import { renderTransform } from "../../src/render/renderTransform.js";
import { framedJpeg, jpegPhoto, sidewaysJpeg, translucentPng } from "../fixtures.js";

const LIMITS = limitsSchema.parse({});
const PROCESSING = processingSchema.parse({});
const TRANSFORM = transformSchema.parse({});

/** Renders a URL of the 800×600 photo (or another source) as the function would, format `auto` as JPEG. */
async function render(url: string, bytes: Buffer, watermarks: WatermarkImage[] = []) {
  const [path = "", query = ""] = url.split("?");
  const request = parseTransformUrl(path, query);
  const info = await inspectImage(bytes, LIMITS, PROCESSING);
  const plan = planOutput(info, request.edits, TRANSFORM);
  const format = request.edits.output.format === "auto" ? "jpeg" : request.edits.output.format;
  const rendered = await renderTransform({
    bytes,
    info,
    edits: request.edits,
    plan,
    format,
    processing: PROCESSING,
    effort: TRANSFORM.effort,
    watermarks,
  });
  const meta = await sharp(rendered.body).metadata();
  return { rendered, plan, meta };
}

describe("renderTransform: output size and format of Thumbor URLs (800×600 source)", () => {
  let photo: Buffer;
  beforeAll(async () => {
    photo = await jpegPhoto();
  });

  it.each([
    ["/t/unsafe/demo/a", 800, 600, "jpeg"],
    ["/t/unsafe/300x200/demo/a", 300, 200, "jpeg"],
    ["/t/unsafe/fit-in/300x300/demo/a", 300, 225, "jpeg"],
    ["/t/unsafe/full-fit-in/300x300/demo/a", 400, 300, "jpeg"],
    ["/t/unsafe/adaptive-fit-in/300x400/demo/a", 400, 300, "jpeg"],
    ["/t/unsafe/fit-in/demo/a", 800, 600, "jpeg"],
    ["/t/unsafe/0x150/demo/a", 200, 150, "jpeg"],
    ["/t/unsafe/400x0/filters:format(webp)/demo/a", 400, 300, "webp"],
    ["/t/unsafe/orig/demo/a", 800, 600, "jpeg"],
    ["/t/unsafe/origx100/demo/a", 800, 100, "jpeg"],
    ["/t/unsafe/-200x-100/demo/a", 200, 100, "jpeg"],
    ["/t/unsafe/100x100:500x300/demo/a", 400, 200, "jpeg"],
    ["/t/unsafe/100x100:500x300/100x100/smart/demo/a", 100, 100, "jpeg"],
    ["/t/unsafe/fit-in/1600x1600/demo/a", 1600, 1200, "jpeg"],
    ["/t/unsafe/fit-in/1600x1600/filters:no_upscale()/demo/a", 800, 600, "jpeg"],
    ["/t/unsafe/fit-in/200x200/filters:fill(white):format(png)/demo/a", 200, 200, "png"],
    ["/t/unsafe/200x100/filters:rotate(90):format(avif)/demo/a", 100, 200, "heif"],
    [
      "/t/unsafe/fit-in/256x256/filters:grayscale():blur(4):sharpen(1,1,true):brightness(10):contrast(10):rgb(10,0,-10)/demo/a",
      256,
      192,
      "jpeg",
    ],
    [
      "/t/unsafe/200x200/filters:round_corners(30,255,255,255):format(webp)/demo/a",
      200,
      200,
      "webp",
    ],
    ["/t/unsafe/demo/a?w=300&h=300&fit=inside&fm=webp&dpr=2", 600, 450, "webp"],
  ])("%s is %i×%i %s", async (url, width, height, format) => {
    const { meta, plan } = await render(url, photo);

    expect({ width: meta.width, height: meta.height, format: meta.format }).toEqual({
      width,
      height,
      format,
    });
    expect(plan.size).toEqual({ width, height });
  });

  it("flips the picture with negative sides", async () => {
    const { rendered } = await render("/t/unsafe/-80x-60/demo/a", photo);

    // The gradient is dark at the top-left; flipped both ways, the top-left is the bright corner.
    const { data } = await sharp(rendered.body)
      .extract({ left: 0, top: 0, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
    expect(data[1]).toBeGreaterThan(200);
  });
});

describe("renderTransform: the engine's rules", () => {
  it("turns a photo upright from its EXIF orientation and copies no metadata out", async () => {
    const { meta } = await render("/t/unsafe/0x150/demo/a", await sidewaysJpeg());

    expect({ width: meta.width, height: meta.height }).toEqual({ width: 100, height: 150 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it("trims a border the colour of the top-left pixel", async () => {
    const { meta } = await render("/t/unsafe/trim/filters:format(png)/demo/a", await framedJpeg());

    expect(meta.width).toBeCloseTo(300, -1);
    expect(meta.height).toBeCloseTo(200, -1);
  });

  it("flattens transparency onto the configured background in JPEG and keeps it in WebP", async () => {
    const png = await translucentPng();

    const jpeg = await render("/t/unsafe/filters:format(jpeg)/demo/a", png);
    const webp = await render("/t/unsafe/filters:format(webp)/demo/a", png);

    expect(jpeg.meta.hasAlpha).toBe(false);
    expect(webp.meta.hasAlpha).toBe(true);
  });

  it("places a watermark where Thumbor's offsets say, at its transparency", async () => {
    const blue = {
      data: Buffer.alloc(40 * 40 * 4, Buffer.from([0, 0, 255, 255])),
      width: 40,
      height: 40,
    };
    const photo = await jpegPhoto();
    const red = async (body: Buffer, left: number, top: number) =>
      (await sharp(body).extract({ left, top, width: 1, height: 1 }).raw().toBuffer())[0] ?? 0;

    const plain = await render("/t/unsafe/400x300/filters:format(png)/demo/a", photo);
    const marked = await render(
      "/t/unsafe/400x300/filters:watermark(demo/logo,-10,10,50):format(png)/demo/a",
      photo,
      [blue],
    );

    // 10 pixels from the right, 10 from the top: x 350–389, y 10–49, half transparent.
    const under = await red(plain.rendered.body, 370, 30);
    expect(await red(marked.rendered.body, 370, 30)).toBeCloseTo(under / 2, -1);
    expect(await red(marked.rendered.body, 100, 100)).toBeCloseTo(
      await red(plain.rendered.body, 100, 100),
      -1,
    );
  });

  it("lowers the quality until the body fits max_bytes()", async () => {
    const photo = await jpegPhoto(1600, 1200);
    const plain = await render("/t/unsafe/filters:format(jpeg):quality(95)/demo/a", photo);

    const capped = await render(
      "/t/unsafe/filters:format(jpeg):quality(95):max_bytes(60000)/demo/a",
      photo,
    );

    expect(plain.rendered.body.length).toBeGreaterThan(60_000);
    expect(capped.rendered.body.length).toBeLessThanOrEqual(60_000);
  });
});
