import type { Sharp } from "sharp";
import type { PlannedOutput } from "./renderPlan.js";

/** Frame timing of an animated output. */
export interface Animation {
  delay: number[];
  loop: number;
}

/**
 * Sets the encoder of one output on a pipeline. Nothing is copied from the upload's
 * metadata: the pixels come from a raw buffer, so EXIF, GPS, XMP and ICC cannot leak.
 * JPEG is progressive: the benchmark found it smaller at the same quality, for little CPU.
 */
export function encodeAs(pipeline: Sharp, output: PlannedOutput, animation?: Animation): Sharp {
  if (output.flatten) pipeline.flatten({ background: output.flatten });
  const { settings } = output;
  switch (settings.format) {
    case "jpeg":
      return pipeline.jpeg({ quality: settings.quality, progressive: true });
    case "webp":
      return pipeline.webp({
        quality: settings.quality,
        effort: settings.effort,
        ...(animation && { delay: animation.delay, loop: animation.loop }),
      });
    case "avif":
      return pipeline.avif({ quality: settings.quality, effort: settings.effort });
    case "png":
      return settings.quality === undefined
        ? pipeline.png()
        : pipeline.png({ palette: true, quality: settings.quality });
  }
}
