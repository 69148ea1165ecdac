import {
  ImgpipeError,
  type Limits,
  negotiateFormat,
  type Processing,
  type TransformSettings,
} from "@imgpipe/core";
import { corrupt, inspectImage } from "@imgpipe/core/engine";
import sharp from "sharp";
import type { Edits } from "../parse/transformRequest.js";
import { decodable } from "./decodable.js";
import { outputFormatOf } from "./outputFormat.js";
import { planOutput } from "./outputPlan.js";
import { type RenderedTransform, renderTransform } from "./renderTransform.js";

export type { RenderedTransform } from "./renderTransform.js";

export interface RenderUploadSettings {
  limits: Limits;
  processing: Pick<Processing, "background">;
  transform: Pick<TransformSettings, "maxOutputSide" | "maxOutputPixels" | "effort">;
}

/**
 * Renders edits of bytes a caller sent (the API's `POST /transform`), with the checks an
 * upload gets and the output limits of `/t/*`: the header is inspected before anything
 * is decoded, the output's size is planned against the limits, a HEIC is decoded by
 * libheif, then `renderTransform` renders as for a stored image. Without a format in the
 * edits (`auto`), `accept` chooses AVIF, WebP or JPEG, and PNG replaces JPEG for an image
 * with transparency.
 *
 * Unlike a stored source, these bytes passed no check before: a render that fails on
 * bytes that do not decode is the caller's `corrupt_image`, not a failure of ours.
 *
 * @throws ImageRejectedError (empty, too large, unsupported, too many pixels or frames, corrupt)
 * @throws TransformError `too_large` or `cannot_apply` for an output the edits cannot give
 * @example
 * const edits = parseQueryEdits(new URLSearchParams("w=320&fm=webp"));
 * const image = await renderUpload(bytes, edits, undefined, settings); // 320 pixels wide, WebP
 */
export async function renderUpload(
  bytes: Uint8Array,
  edits: Edits,
  accept: string | undefined,
  settings: RenderUploadSettings,
): Promise<RenderedTransform> {
  const info = await inspectImage(bytes, settings.limits);
  const plan = planOutput(info, edits, settings.transform);
  const format = outputFormatOf(edits.output.format, negotiateFormat(accept), info.hasAlpha);
  const input = await decodable(bytes);
  const { processing, transform } = settings;
  const render = {
    info,
    edits,
    plan,
    format,
    processing,
    effort: transform.effort,
    watermarks: [],
  };
  try {
    return await renderTransform({ ...render, bytes: input });
  } catch (error) {
    if (error instanceof ImgpipeError || (await decodes(input, info))) throw error;
    throw corrupt(info.format, error);
  }
}

/** Whether the pixels decode at all: asked only after a render failed. */
async function decodes(input: Uint8Array, size: { width: number; height: number }) {
  try {
    await sharp(input, { failOn: "error", limitInputPixels: size.width * size.height })
      .raw()
      .toBuffer();
    return true;
  } catch {
    return false;
  }
}
