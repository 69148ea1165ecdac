/** A year: what never changes under its URL. */
const YEAR = 31_536_000;
/** A URL that follows the current original (no revision in it). */
const CURRENT = 300;
/** Refusals and redirects: long enough to absorb a burst, short enough to fix a mistake. */
const BRIEF = 60;

/**
 * `Cache-Control` of a transform response. An expiring URL is never cached past its
 * expiry; errors of ours (5xx) are never cached.
 *
 * @param expires the URL's signed expiry (epoch seconds), if any
 * @param now epoch milliseconds
 */
export function cacheControlFor(
  kind: "immutable" | "current" | "brief" | "error",
  expires: number | undefined,
  now: number,
): string {
  if (kind === "error") return "no-store";
  const wanted = kind === "immutable" ? YEAR : kind === "current" ? CURRENT : BRIEF;
  const left = expires === undefined ? wanted : Math.floor(expires - now / 1000);
  if (left <= 0) return "no-store";
  if (left < wanted) return `public, max-age=${left}`;
  return kind === "immutable" ? `public, max-age=${YEAR}, immutable` : `public, max-age=${wanted}`;
}
