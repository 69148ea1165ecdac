/**
 * How the SPA's files are served, the same from the frontend bucket (through CloudFront)
 * and from the local cloud: their content types, and which may be cached for good.
 */

/** Where Vite puts the files whose names carry a content hash. */
export const SPA_HASHED_DIR = "assets/";

/** The file the stack (or the local cloud) writes next to the app with its settings. */
export const SPA_CONFIG_FILE = "config.json";

/** Content types of the SPA's files, by lower-case extension (no dot). */
export const SPA_CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  map: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
  woff2: "font/woff2",
};

/** Hashed files never change under their name; everything else must be revalidated. */
export const SPA_CACHE_CONTROL = {
  hashed: "public, max-age=31536000, immutable",
  revalidated: "no-cache",
} as const;

/**
 * The `Cache-Control` of an SPA file: immutable under `assets/`, revalidated on every
 * use otherwise (`index.html`, `config.json`, the favicon), so a deploy shows at once.
 *
 * @example spaCacheControl("assets/index-3f2a1b.js"); // "public, max-age=31536000, immutable"
 */
export function spaCacheControl(path: string): string {
  return path.replace(/^\//, "").startsWith(SPA_HASHED_DIR)
    ? SPA_CACHE_CONTROL.hashed
    : SPA_CACHE_CONTROL.revalidated;
}

/** The content type of an SPA file; `application/octet-stream` for an unknown extension. */
export function spaContentType(path: string): string {
  const extension = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  return (extension && SPA_CONTENT_TYPES[extension]) ?? "application/octet-stream";
}
