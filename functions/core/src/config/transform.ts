import * as z from "zod";
import { FORMAT_DEFAULTS } from "./outputFormats.js";

/**
 * On-demand transforms under the CDN's `/t/*` (switched on and off by
 * `features.transform`). Every field has a default, so existing configs need not
 * mention it. The signing key is not configuration: the stack keeps it in Secrets
 * Manager, the local cloud in its data folder.
 */
export const transformSchema = z
  .object({
    /** Serve `/t/unsafe/…` URLs without a signature. Only for development. */
    allowUnsafe: z.boolean().default(false),
    /** Also accept Thumbor's HMAC-SHA1 signatures, so that URLs built by Thumbor libraries verify. */
    thumborSignatures: z.boolean().default(false),
    /** Widest and tallest output a URL may ask for, in pixels. */
    maxOutputSide: z.number().int().min(16).max(16_384).default(4096),
    /** Largest output a URL may ask for, in pixels (width × height). */
    maxOutputPixels: z.number().int().min(256).max(268_402_689).default(16_777_216),
    /**
     * Keep each rendition in the processed bucket, so that a CDN miss reads it instead of
     * rendering again. Off, every miss renders (renditions over Lambda's 6 MB response
     * cap are still stored: they are served by redirect).
     */
    storeRenditions: z.boolean().default(true),
    /**
     * Render a transform from the smallest stored variant that shows the whole picture with
     * at least two of its pixels a side per output pixel, instead of decoding the original:
     * a fraction of the work for a large original, at a small loss of fidelity that the
     * bench measures (about 0.5 dB PSNR). Off, every transform decodes the original.
     */
    renderFromVariants: z.boolean().default(true),
    /** Days a stored rendition is kept before the lifecycle rule deletes it (a CDN miss renders it again). */
    renditionDays: z.number().int().min(1).max(3650).default(30),
    /**
     * Encoder effort of transforms, as for variants: more CPU for smaller files, webp 0–6
     * and avif 0–9. A URL sets the quality, never the effort.
     */
    effort: z
      .strictObject({
        webp: z.number().int().min(0).max(6).default(FORMAT_DEFAULTS.webp.effort),
        avif: z.number().int().min(0).max(9).default(FORMAT_DEFAULTS.avif.effort),
      })
      .prefault({}),
    /**
     * The widths (pixels) of the responsive `srcset` the API hands out with each processed
     * image: signed `fit-in` URLs in `format(auto)`, pinned to the original's revision.
     * Widths the original does not reach are left out (its own width stands in for them).
     */
    srcsetWidths: z
      .array(z.number().int().min(16).max(16_384))
      .min(1)
      .max(12)
      .refine((widths) => widths.every((w, i) => i === 0 || w > (widths[i - 1] ?? 0)), {
        message: "list the widths once each, smallest first",
      })
      .default([320, 640, 960, 1280, 1920]),
    /**
     * Make the API's transform URLs expire after this many hours (rounded up to the next
     * whole hour, so that an image keeps the same URLs, and caches their answers, within
     * the hour). Unset: they never expire.
     */
    signedUrlHours: z.number().int().min(1).max(8760).optional(),
  })
  .refine((t) => t.srcsetWidths.every((w) => w <= t.maxOutputSide), {
    message: "every srcsetWidths entry must be within maxOutputSide",
    path: ["srcsetWidths"],
  });
export type TransformSettings = z.output<typeof transformSchema>;
