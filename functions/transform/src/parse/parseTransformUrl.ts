import { TransformError } from "../errors.js";
import { fail, integer } from "./numbers.js";
import { isQueryForm, parseQueryForm } from "./queryForm.js";
import { parseThumborPath } from "./thumbor.js";
import { frozen, type TransformRequest } from "./transformRequest.js";

/** Where the CDN routes transforms. */
export const TRANSFORM_PATH_PREFIX = "/t/";

/** `unsafe`, Thumbor's HMAC-SHA1 (28 characters, padded), or imgpipe's HMAC-SHA256 (43). */
const SIGNATURE = /^(?:unsafe|[A-Za-z0-9_-]{27}=|[A-Za-z0-9_-]{43})$/;

/**
 * Turns a transform URL into a `TransformRequest`, purely: no I/O, no environment, no
 * clock. Both forms start with the signature (or `unsafe`):
 *
 * - Thumbor's path grammar: `/t/<signature>/fit-in/300x200/filters:format(webp)/<image>`
 * - the query form: `/t/<signature>/<image>?w=300&h=200&fm=webp`
 *
 * `<image>` is `<ownerId>/<imageId>[@<revision>]` or a stored variant's key. An
 * `expires` query parameter (epoch seconds) is covered by the signature in both forms.
 * Whether the signature is right is for `verifySignature`, not for the parser.
 *
 * @param path the request path, percent-encoded or not
 * @param rawQuery the query string without `?`, exactly as received
 * @throws TransformError `invalid_url` (400), `bad_signature` (403) or `cannot_apply` (422)
 * @example
 * const request = parseTransformUrl("/t/unsafe/fit-in/512x512/demo/beach", "");
 * request.edits.resize; // { width: 512, height: 512, fit: "inside", … }
 */
export function parseTransformUrl(path: string, rawQuery: string): TransformRequest {
  if (!path.startsWith(TRANSFORM_PATH_PREFIX))
    fail(`A transform URL starts with ${TRANSFORM_PATH_PREFIX}.`);
  const decoded = decodePath(path.slice(TRANSFORM_PATH_PREFIX.length));
  const slash = decoded.indexOf("/");
  const signature = slash < 0 ? decoded : decoded.slice(0, slash);
  if (!SIGNATURE.test(signature)) {
    throw new TransformError(
      "bad_signature",
      "The URL is not signed: a transform URL starts with /t/<signature>/ (or /t/unsafe/ where unsigned URLs are enabled).",
    );
  }
  const rest = slash < 0 ? "" : decoded.slice(slash + 1);
  const query = new URLSearchParams(rawQuery);
  const expires = query.get("expires");
  const parsed = isQueryForm(query) ? parseQueryForm(rest, query) : parseThumborPath(rest);
  if (!isQueryForm(query)) rejectUnknownParameters(query);
  return frozen({
    signature,
    signed: rawQuery === "" ? rest : `${rest}?${rawQuery}`,
    ...(expires !== null && { expires: integer(expires, "expires", 0, 2 ** 40) }),
    ...parsed,
  });
}

function rejectUnknownParameters(query: URLSearchParams): void {
  for (const name of query.keys()) {
    if (name !== "expires") {
      fail(`Unknown parameter "${name}": a Thumbor URL takes only expires; edits go in the path.`);
    }
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return fail("The URL's percent-encoding is malformed.");
  }
}
