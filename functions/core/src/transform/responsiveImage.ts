import { revisionOf, signTransformUrl } from "./urlSigner.js";

/** One candidate of a responsive image: a signed transform URL and the size it answers with. */
export interface SrcsetCandidate {
  width: number;
  height: number;
  url: string;
}

/**
 * A processed image as the API hands it out for responsive display: signed `fit-in` URLs
 * in `format(auto)` (the CDN answers AVIF, WebP or JPEG from `Accept`), pinned to the
 * original's revision, so that a replaced original gets new URLs.
 */
export interface ResponsiveImage {
  /** The original's revision the URLs name (the first 16 hex digits of its SHA-256). */
  revision: string;
  /** `<url> <width>w, …`, smallest first: an `<img srcset>` as is. */
  srcset: string;
  /** The widest candidate's URL: an `<img src>` for browsers without `srcset`. */
  src: string;
  candidates: SrcsetCandidate[];
  /** When the URLs stop working (ISO 8601), if they expire. */
  expiresAt?: string;
}

export interface ResponsiveOriginal {
  ownerId: string;
  imageId: string;
  sha256: string;
  width: number;
  height: number;
}

export interface ResponsiveOptions {
  /** The CDN's base URL, without a trailing slash. */
  cdnUrl: string;
  key: string;
  /** Candidate widths, smallest first (the config's `transform.srcsetWidths`). */
  widths: readonly number[];
  /** The transform function's output limits: candidates beyond them are left out. */
  limits: { maxOutputSide: number; maxOutputPixels: number };
  expires?: Date;
}

/**
 * The signed `srcset` of a processed original: one candidate per configured width it
 * reaches, plus its own width when it is narrower than the widest (never enlarged), none
 * that the transform function would refuse as too large. Undefined when none is left.
 *
 * @example
 * responsiveImage({ ownerId: "demo", imageId: "beach", sha256, width: 1200, height: 800 },
 *   { cdnUrl: "https://cdn.example.com", key, widths: [320, 640, 960, 1280] });
 * // srcset: "https://cdn.example.com/t/…/fit-in/320x0/filters:format(auto)/demo/beach@0f3a… 320w, …, … 1200w"
 */
export function responsiveImage(
  original: ResponsiveOriginal,
  options: ResponsiveOptions,
): ResponsiveImage | undefined {
  const revision = revisionOf(original.sha256);
  const image = `${original.ownerId}/${original.imageId}@${revision}`;
  const { maxOutputSide, maxOutputPixels } = options.limits;
  const candidates = candidateWidths(original.width, options.widths)
    .map((width) => ({
      width,
      height: Math.max(1, Math.round((original.height * width) / original.width)),
    }))
    .filter(({ width, height }) => height <= maxOutputSide && width * height <= maxOutputPixels)
    .map(({ width, height }) => ({
      width,
      height,
      url: `${options.cdnUrl}${signTransformUrl(`fit-in/${width}x0/filters:format(auto)/${image}`, {
        key: options.key,
        ...(options.expires && { expires: options.expires }),
      })}`,
    }));
  if (candidates.length === 0) return undefined;
  return {
    revision,
    srcset: candidates.map((c) => `${c.url} ${c.width}w`).join(", "),
    src: candidates[candidates.length - 1]?.url ?? "",
    candidates,
    ...(options.expires && { expiresAt: options.expires.toISOString() }),
  };
}

function candidateWidths(sourceWidth: number, widths: readonly number[]): number[] {
  const reached = widths.filter((w) => w < sourceWidth);
  return widths.some((w) => w >= sourceWidth) || reached.length === 0
    ? [...reached, sourceWidth]
    : reached;
}

/**
 * When URLs signed now for `hours` should expire: at least that long from now, rounded
 * up to the next whole hour, so that every URL signed within the same hour is the same
 * (and so are the CDN's and the browser's cached answers).
 */
export function signedUrlExpiry(now: Date, hours: number): Date {
  const hour = 3_600_000;
  return new Date(Math.ceil((now.getTime() + hours * hour) / hour) * hour);
}
