import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type FormatSettings,
  inspectImage,
  type PipelineConfig,
  parsePipelineConfig,
  planRender,
  renderImage,
  type Variant,
} from "@imgpipe/core";
import sharp, { type Sharp } from "sharp";
import { run } from "./system.js";

/** Renders every variant of one photo; resolves to the sizes of the files it wrote. */
export type Contender = (path: string, bytes: Buffer) => Promise<number[]>;

/** The default variant set (thumb, medium, large in webp and jpeg), raised limits for the 50 MP photo. */
export function benchConfig(formats?: unknown[]): PipelineConfig {
  const base = parsePipelineConfig({ environment: "bench" }, "bench");
  return parsePipelineConfig(
    {
      environment: "bench",
      limits: { maxUploadBytes: 256 * 1024 * 1024, maxInputPixels: 100_000_000 },
      variants: base.variants.map(({ name, width, height, fit }) => ({
        name,
        width,
        height,
        fit,
        ...(formats && { formats }),
      })),
    },
    "bench",
  );
}

/** (a) The imgpipe engine: one decode shrunk on load, every variant from it. */
export function engine(config: PipelineConfig): Contender {
  return async (_path, bytes) => {
    const info = await inspectImage(bytes, config.limits, config.processing);
    const { images } = await renderImage(bytes, info, config.variants, config.processing);
    return images.map((image) => image.body.length);
  };
}

/** (b) The naive baseline of most samples: one sharp pipeline per output, from the original. */
export function naive(config: PipelineConfig): Contender {
  return (_path, bytes) =>
    Promise.all(
      outputs(config.variants).map(async ([variant, format]) => {
        const pipeline = sharp(bytes).rotate().resize(resizeOf(variant));
        const body = await pipeline.toFormat(format.format, qualityOf(format)).toBuffer();
        return body.length;
      }),
    );
}

/** One sharp instance, a `clone()` per output (each clone still decodes the input). */
export function clone(config: PipelineConfig): Contender {
  return (_path, bytes) => {
    const decoded = sharp(bytes).rotate();
    return Promise.all(
      outputs(config.variants).map(async ([variant, format]) => {
        const body = await encode(decoded.clone().resize(resizeOf(variant)), format).toBuffer();
        return body.length;
      }),
    );
  };
}

/** One decode shrunk on load (the engine's plan), then every variant straight from it. */
export function fanOut(config: PipelineConfig): Contender {
  return async (_path, bytes) => {
    const { autoOrient } = await sharp(bytes).metadata();
    const { decodeSize } = planRender(
      { ...autoOrient, framesToDecode: 1 },
      config.variants,
      config.processing,
    );
    const decode = sharp(bytes).rotate();
    if (decodeSize) decode.resize({ ...decodeSize, fit: "fill" });
    const { data, info } = await decode.raw().toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    return Promise.all(
      outputs(config.variants).map(async ([variant, format]) => {
        const body = await encode(sharp(data, raw).resize(resizeOf(variant)), format).toBuffer();
        return body.length;
      }),
    );
  };
}

/** Largest variant from the original, each smaller one from the previous one's pixels. */
export function cascade(config: PipelineConfig): Contender {
  const bySize = [...config.variants].sort(
    (a, b) => (b.width ?? 0) * (b.height ?? 0) - (a.width ?? 0) * (a.height ?? 0),
  );
  return async (_path, bytes) => {
    const sizes: Promise<number>[] = [];
    let source: Sharp = sharp(bytes).rotate();
    for (const variant of bySize) {
      const { data, info } = await source
        .resize(resizeOf(variant))
        .raw()
        .toBuffer({ resolveWithObject: true });
      const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
      for (const format of variant.formats) {
        sizes.push(
          encode(sharp(data, raw), format)
            .toBuffer()
            .then((b) => b.length),
        );
      }
      // A cover crop loses pixels the next variant may need; only "inside" ones feed on.
      if (variant.fit === "inside") source = sharp(data, raw);
    }
    return Promise.all(sizes);
  };
}

/** (c) libvips' own CLI, one call per variant and format, as a shell script would. */
export function vipsthumbnail(config: PipelineConfig): Contender {
  return async (path) => {
    const dir = await mkdtemp(join(tmpdir(), "imgpipe-bench-"));
    try {
      return await Promise.all(
        outputs(config.variants).map(async ([variant, format]) => {
          const out = join(dir, `${variant.name}.${format.format}`);
          const size = `${variant.width}x${variant.height}>`;
          const crop = variant.fit === "cover" ? ["--smartcrop", "centre"] : [];
          const quality = "quality" in format ? `Q=${format.quality},` : "";
          await run("vipsthumbnail", [
            path,
            "--size",
            size,
            ...crop,
            "-o",
            `${out}[${quality}strip]`,
          ]);
          return (await stat(out)).size;
        }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

function outputs(variants: readonly Variant[]): [Variant, FormatSettings][] {
  return variants.flatMap((variant) =>
    variant.formats.map((f): [Variant, FormatSettings] => [variant, f]),
  );
}

function resizeOf(variant: Variant) {
  return {
    width: variant.width,
    height: variant.height,
    fit: variant.fit,
    withoutEnlargement: variant.withoutEnlargement,
  };
}

function qualityOf(format: FormatSettings) {
  return "quality" in format ? { quality: format.quality } : {};
}

/** The engine's encoder settings, so that strategies differ only in how they decode. */
function encode(pipeline: Sharp, format: FormatSettings): Sharp {
  switch (format.format) {
    case "jpeg":
      return pipeline.jpeg({ quality: format.quality, progressive: true });
    case "webp":
    case "avif":
      return pipeline.toFormat(format.format, { quality: format.quality, effort: format.effort });
    case "png":
      return pipeline.png();
  }
}
