import * as z from "zod";

// Apart from the pipeline config's other parts: the functions parse their limits at cold
// start and must not build the whole config schema (deployment, webhooks, events) to do it.

const MiB = 1024 * 1024;

/**
 * sharp's (libvips's) default `limitInputPixels`, 0x3FFF²: no config may allow more, so
 * an image sharp would refuse is always refused first as `too_many_pixels`.
 */
export const SHARP_PIXEL_LIMIT = 0x3fff * 0x3fff;

export const limitsSchema = z.object({
  /** Largest upload accepted, in bytes. Enforced by the presigned POST and again on processing. */
  maxUploadBytes: z
    .number()
    .int()
    .min(1024)
    .max(5 * 1024 * MiB)
    .default(25 * MiB),
  /**
   * Largest image accepted, in pixels (width × height × frames decoded), checked on the
   * header before decoding.
   */
  maxInputPixels: z.number().int().min(1).max(SHARP_PIXEL_LIMIT).default(60_000_000),
  /** Most frames an animated upload may have; one with more is refused. */
  maxFrames: z.number().int().min(1).max(100_000).default(1000),
});
export type Limits = z.output<typeof limitsSchema>;
