import * as z from "zod";

/**
 * How uploads are turned into variants, beyond the variants themselves. Every field has
 * a default, so existing configs need not mention it.
 */
export const processingSchema = z.object({
  /** Colour that transparent pixels are flattened onto for formats without alpha (jpeg). */
  background: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "use a hex colour such as #ffffff")
    .default("#ffffff"),
  /** Animated uploads keep at most this many frames in animated outputs (webp). */
  maxAnimationFrames: z.number().int().min(1).max(1000).default(100),
  /**
   * Record the camera make, model and capture time from EXIF in the image's row and
   * event. Off by default: they can identify a person's device. GPS is never recorded.
   */
  recordCamera: z.boolean().default(false),
});

export type Processing = z.output<typeof processingSchema>;
