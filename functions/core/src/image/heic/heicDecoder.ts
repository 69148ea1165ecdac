/// <reference path="../../types/libheif-js.d.ts" />
import type { heif_image, heif_image_handle, MainModule } from "libheif-js/libheif-wasm/libheif.js";
import { ImageRejectedError } from "../../errors.js";
import { corrupt } from "../inspectImage.js";
import { type HeifHeader, readHeifHeader } from "./heifHeader.js";
import { tiffWithProfile } from "./tiffContainer.js";

type Libheif = MainModule;

/** What libheif's JavaScript bindings return for a decoded image, or an error. */
interface DecodedImage {
  image: heif_image;
  channels: {
    id: { value: number };
    width: number;
    height: number;
    stride: number;
    data: Uint8Array;
  }[];
}
interface HeifError {
  code: { value: number };
  message: string;
}

let loaded: Promise<Libheif> | undefined;

/**
 * libheif (HEVC decoder included) as WebAssembly, loaded the first time a HEIC arrives,
 * so that a process that never sees one neither loads nor compiles it.
 */
function libheif(): Promise<Libheif> {
  loaded ??= import("libheif-js/wasm-bundle").then(
    (module) => module.default,
    (error: unknown) => {
      // Not cached: the next HEIC tries again.
      loaded = undefined;
      throw error;
    },
  );
  return loaded;
}

/**
 * Decodes the primary image of a HEIC/HEIF file that `inspectImage` accepted, upright
 * (libheif applies irot, imir and the clean aperture), in 8 bits per sample (a 10-bit
 * image is reduced), and wraps it with the file's ICC profile in an uncompressed TIFF
 * for sharp to convert to sRGB. EXIF and XMP stay behind.
 *
 * @throws ImageRejectedError `corrupt_image` when libheif cannot decode the file (or
 *   traps on it), or `unsupported_format` when it holds a codec or feature libheif
 *   lacks. A failure to load libheif itself is not the upload's fault and is thrown as
 *   it is.
 * @example
 * const tiff = await decodeHeic(bytes);
 * const pixels = await sharp(tiff).toColourspace("srgb").raw().toBuffer();
 */
export async function decodeHeic(bytes: Uint8Array): Promise<Buffer> {
  const header = readHeifHeader(bytes);
  const heif = await libheif();
  try {
    return decodePrimary(heif, bytes, header);
  } catch (error) {
    if (error instanceof ImageRejectedError) throw error;
    // A trap leaves the instance unusable: the next HEIC gets a fresh one. libheif traps
    // only on input it mishandles, and a retry would trap again: the upload fails.
    loaded = undefined;
    if (isTrap(error)) throw corrupt("heic", error);
    throw error;
  }
}

function decodePrimary(heif: Libheif, bytes: Uint8Array, header: HeifHeader): Buffer {
  const context = heif.heif_context_alloc();
  let handle: heif_image_handle | undefined;
  let decoded: DecodedImage | undefined;
  try {
    check(heif, heif.heif_context_read_from_memory(context, bytes));
    const primary = ok<heif_image_handle>(
      heif,
      heif.heif_js_context_get_primary_image_handle(context),
    );
    handle = primary;
    const alpha = heif.heif_image_handle_has_alpha_channel(primary) !== 0;
    const { heif_colorspace_RGB } = heif.heif_colorspace;
    const { heif_chroma_interleaved_RGB, heif_chroma_interleaved_RGBA } = heif.heif_chroma;
    decoded = ok<DecodedImage>(
      heif,
      heif.heif_js_decode_image2(
        primary,
        heif_colorspace_RGB,
        alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB,
      ),
    );
    const plane = decoded.channels.find(
      (channel) => channel.id.value === heif.heif_channel.heif_channel_interleaved.value,
    );
    if (!plane) throw rejected("corrupt_image", "libheif returned no interleaved plane");
    if (plane.width !== header.width || plane.height !== header.height) {
      throw rejected(
        "corrupt_image",
        `decoded ${plane.width}×${plane.height}, the header says ${header.width}×${header.height}`,
      );
    }
    const { icc } = header;
    // The plane is a view into the WebAssembly heap: copied out before it is released.
    return tiffWithProfile({
      width: plane.width,
      height: plane.height,
      channels: alpha ? 4 : 3,
      stride: plane.stride,
      data: plane.data,
      ...(icc && { icc }),
    });
  } finally {
    if (decoded) heif.heif_image_release(decoded.image);
    if (handle) heif.heif_image_handle_release(handle);
    heif.heif_context_free(context);
  }
}

/** A WebAssembly.RuntimeError (this package's type libraries do not declare WebAssembly). */
function isTrap(error: unknown): boolean {
  return error instanceof Error && error.name === "RuntimeError";
}

/** libheif's calls return either their value or an error object with a non-zero code. */
function ok<T extends object>(heif: Libheif, result: T | HeifError): T {
  if (result && "code" in result) check(heif, result);
  return result as T;
}

function check(heif: Libheif, error: HeifError | { code: unknown }): void {
  const { code, message } = error as HeifError;
  if (code.value === heif.heif_error_code.heif_error_Ok.value) return;
  const unsupported =
    code.value === heif.heif_error_code.heif_error_Unsupported_feature.value ||
    code.value === heif.heif_error_code.heif_error_Unsupported_filetype.value;
  throw rejected(unsupported ? "unsupported_format" : "corrupt_image", String(message));
}

function rejected(code: "corrupt_image" | "unsupported_format", detail: string) {
  const cause = new Error(`libheif: ${detail}`);
  if (code === "corrupt_image") return corrupt("heic", cause);
  return new ImageRejectedError(
    code,
    "The file is a HEIF image of a kind that cannot be decoded (an unsupported codec or feature).",
    { cause },
  );
}
