import {
  ImageRejectedError,
  inspectImage,
  type Limits,
  NEGOTIATED_FORMAT_HEADER,
  negotiateFormat,
  type OutputFormat,
  type Processing,
  type SignatureScheme,
  signTransformUrl,
  type TransformSettings,
  verifyTransformSignature,
  withRevision,
} from "@imgpipe/core";
import sharp from "sharp";
import { TransformError } from "./errors.js";
import { cacheControlFor } from "./http/cacheControl.js";
import { problemResponse, type TransformResponse } from "./http/response.js";
import type { Logger } from "./logger.js";
import { parseTransformUrl } from "./parse/parseTransformUrl.js";
import type { SourceRef, TransformRequest } from "./parse/transformRequest.js";
import { decodable } from "./render/decodable.js";
import type { WatermarkImage } from "./render/finish.js";
import { outputFormatOf } from "./render/outputFormat.js";
import { type OutputPlan, planOutput } from "./render/outputPlan.js";
import { renderTransform } from "./render/renderTransform.js";
import { renditionKeyOf } from "./renditions/renditionKey.js";
import type { RenditionStore } from "./renditions/renditionStore.js";
import { coveringVariant, planForVariant, type StoredVariant } from "./source/coveringVariant.js";
import type { ResolvedSource, SourceStore } from "./source/sourceStore.js";

export interface TransformDeps {
  settings: {
    limits: Limits;
    processing: Pick<Processing, "background">;
    transform: TransformSettings;
    signingKey: string;
  };
  sources: SourceStore;
  renditions: RenditionStore;
  logger: Logger;
  /** Epoch milliseconds. */
  now: () => number;
}

export interface TransformHttpRequest {
  method: string;
  path: string;
  /** Without `?`, exactly as received. */
  rawQuery: string;
  /** Lowercase names. */
  headers: Record<string, string | undefined>;
}

/**
 * A Lambda function URL answers at most 6 MB, base64 included: bodies above this are
 * answered with a redirect to the stored rendition instead.
 */
export const MAX_INLINE_BYTES = 4 * 1024 * 1024;

/**
 * Answers one transform request: parse, verify, resolve the source, then the stored
 * rendition if there is one, else render and store it. Every failure becomes a
 * problem+json answer here.
 */
export async function transformImage(
  request: TransformHttpRequest,
  deps: TransformDeps,
): Promise<TransformResponse> {
  let parsed: TransformRequest | undefined;
  try {
    if (request.method !== "GET" && request.method !== "HEAD") {
      throw new TransformError(
        "method_not_allowed",
        `${request.method} is not allowed: transforms are read with GET or HEAD.`,
      );
    }
    parsed = parseTransformUrl(request.path, request.rawQuery);
    return await answer(parsed, request, deps);
  } catch (error) {
    const translated = translate(error);
    const log = translated instanceof TransformError ? deps.logger.info : deps.logger.error;
    log.call(deps.logger, { err: translated, path: request.path }, "transform refused");
    return problemResponse(translated, parsed?.expires, deps.now());
  }
}

async function answer(
  request: TransformRequest,
  http: TransformHttpRequest,
  deps: TransformDeps,
): Promise<TransformResponse> {
  const { transform, signingKey } = deps.settings;
  const now = deps.now();
  const verification = verifyTransformSignature(request, { key: signingKey, ...transform, now });
  if (!verification.valid) throw new TransformError(verification.reason, verification.message);
  const resolved = await deps.sources.resolve(request.source);
  if (resolved.kind === "moved") {
    return redirect(
      currentRevisionUrl(request, resolved.revision, verification.scheme, signingKey),
      "brief",
      request,
      now,
    );
  }
  const requested = request.edits.output.format;
  const vary: Record<string, string> = requested === "auto" ? { vary: "Accept" } : {};
  const format = outputFormatOf(requested, negotiatedFormat(http), resolved.hasAlpha);
  // Resolved before the stored rendition is looked for: the owner check holds on a hit
  // too, and a replaced watermark image gives another rendition key.
  const watermarks = await Promise.all(
    request.edits.watermarks.map((w) => watermarkSource(w.source, resolved.ownerId, deps)),
  );
  // A watermark follows its image's current revision, so such a URL is never immutable.
  const pinned = (resolved.kind === "variant" || resolved.pinned) && watermarks.length === 0;
  const cacheControl = cacheControlFor(pinned ? "immutable" : "current", request.expires, now);
  const fromVariant = variantToRenderFrom(resolved, request.edits, transform);
  const key = renditionKeyOf(
    resolved,
    request.edits,
    format,
    transform.effort,
    watermarks.map((w) => w.revision),
    fromVariant?.variant.key,
  );
  const headers = { ...vary, "cache-control": cacheControl };
  const keep = transform.storeRenditions;
  const stored = keep ? await deps.renditions.read(key) : undefined;
  if (stored) return image(stored.body, stored.contentType, key, headers, "hit");
  const { rendered, from } = await render(request, resolved, fromVariant, watermarks, format, deps);
  if (keep || rendered.body.length > MAX_INLINE_BYTES) {
    // Kept immutable under its hash: the key changes with anything that changes the pixels.
    const immutable = cacheControlFor("immutable", undefined, now);
    await deps.renditions.write(key, rendered.body, rendered.contentType, immutable);
  }
  return image(rendered.body, rendered.contentType, key, headers, "miss", from);
}

async function render(
  request: TransformRequest,
  source: ResolvedSource,
  fromVariant: VariantRender | undefined,
  watermarkSources: readonly ResolvedSource[],
  format: OutputFormat,
  deps: TransformDeps,
) {
  const { processing, transform } = deps.settings;
  const { bytes, info, plan, from } = await pixelsFor(request, source, fromVariant, deps);
  const watermarks = await Promise.all(watermarkSources.map((w) => watermarkImage(w, deps)));
  const rendered = await renderTransform({
    bytes,
    info,
    edits: request.edits,
    plan,
    format,
    processing,
    effort: transform.effort,
    watermarks,
  });
  return { rendered, from };
}

/** A stored variant an original is rendered from, and the plan for its pixels. */
interface VariantRender {
  variant: StoredVariant;
  plan: OutputPlan;
}

/** Where the config allows and a stored variant covers the output: that variant. */
function variantToRenderFrom(
  source: ResolvedSource,
  edits: TransformRequest["edits"],
  transform: TransformSettings,
): VariantRender | undefined {
  if (source.kind !== "original" || !transform.renderFromVariants) return undefined;
  const plan = planOutput(source, edits, transform);
  const variant = coveringVariant(source, source.variants, edits, plan);
  return variant && { variant, plan: planForVariant(plan) };
}

/**
 * What a render decodes, and its plan: the variant where one was chosen and is still
 * stored, else the source itself. `from` names which.
 */
async function pixelsFor(
  request: TransformRequest,
  source: ResolvedSource,
  fromVariant: VariantRender | undefined,
  deps: TransformDeps,
) {
  const { limits, transform } = deps.settings;
  const stored = fromVariant && (await readVariant(fromVariant.variant.key, deps));
  if (fromVariant && stored) {
    const { plan, variant } = fromVariant;
    return { bytes: stored, info: await inspectImage(stored, limits), plan, from: variant.name };
  }
  const original = await deps.sources.read(source, limits.maxUploadBytes);
  const info = await inspectImage(original, limits);
  const plan = planOutput(info, request.edits, transform);
  return { bytes: await decodable(original), info, plan, from: "original" };
}

/** A variant's bytes; undefined when a newer upload's processing removed it since its row was read. */
async function readVariant(key: string, deps: TransformDeps): Promise<Uint8Array | undefined> {
  const variant = await deps.sources.resolve({ kind: "variant", key });
  if (variant.kind === "moved") return undefined;
  try {
    return await deps.sources.read(variant, deps.settings.limits.maxUploadBytes);
  } catch (error) {
    if (error instanceof TransformError && error.code === "not_found") return undefined;
    throw error;
  }
}

/** The format the CDN negotiated (its normalised header), else the one `Accept` gives. */
function negotiatedFormat(http: TransformHttpRequest): "avif" | "webp" | "jpeg" {
  const fromCdn = http.headers[NEGOTIATED_FORMAT_HEADER];
  return fromCdn === "avif" || fromCdn === "webp" || fromCdn === "jpeg"
    ? fromCdn
    : negotiateFormat(http.headers.accept);
}

/**
 * A watermark's image: the owner's own (anyone else's is `not_found`, as if it did not
 * exist), at its current revision (a redirect could not name it).
 */
async function watermarkSource(
  ref: SourceRef,
  ownerId: string,
  deps: TransformDeps,
): Promise<ResolvedSource> {
  const current = ref.kind === "original" ? { ...ref, revision: undefined } : ref;
  const resolved = await deps.sources.resolve(current, ownerId);
  if (resolved.kind === "moved")
    throw new TransformError("not_found", "The watermark image moved while it was read.");
  return resolved;
}

async function watermarkImage(
  resolved: ResolvedSource,
  deps: TransformDeps,
): Promise<WatermarkImage> {
  const stored = await deps.sources.read(resolved, deps.settings.limits.maxUploadBytes);
  const { data, info } = await sharp(await decodable(stored), { autoOrient: true })
    .toColourspace("srgb")
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function image(
  body: Uint8Array,
  contentType: string,
  key: string,
  headers: Record<string, string>,
  rendition: "hit" | "miss",
  renderedFrom?: string,
): TransformResponse {
  const common = {
    ...headers,
    "x-imgpipe-rendition": rendition,
    ...(renderedFrom && { "x-imgpipe-rendered-from": renderedFrom }),
  };
  if (body.length > MAX_INLINE_BYTES) {
    // Too large for a Lambda response: the stored rendition is served by the CDN instead.
    return { status: 302, headers: { ...common, location: `/${key}` } };
  }
  return {
    status: 200,
    headers: { ...common, "content-type": contentType, "content-length": String(body.length) },
    body,
  };
}

function redirect(
  location: string,
  kind: "brief",
  request: TransformRequest,
  now: number,
): TransformResponse {
  return {
    status: 302,
    headers: { location, "cache-control": cacheControlFor(kind, request.expires, now) },
  };
}

/** The same URL, naming the current revision, signed the way the request was. */
function currentRevisionUrl(
  request: TransformRequest,
  revision: string,
  scheme: SignatureScheme | "unsafe",
  key: string,
): string {
  const signed = withRevision(request.signed, revision);
  if (scheme === "unsafe") return `/t/unsafe/${signed}`;
  return signTransformUrl(signed, { key, scheme });
}

/** The engine's refusals of a source, as transform errors. */
function translate(error: unknown): unknown {
  if (!(error instanceof ImageRejectedError)) return error;
  const tooLarge =
    error.code === "file_too_large" ||
    error.code === "too_many_pixels" ||
    error.code === "too_many_frames";
  return new TransformError(tooLarge ? "too_large" : "cannot_apply", error.message, {
    cause: error,
  });
}
