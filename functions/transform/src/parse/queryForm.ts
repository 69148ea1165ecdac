import { FITS } from "@imgpipe/core";
import type { Draft } from "./filters.js";
import { parseFormat } from "./format.js";
import { fail, integer, number } from "./numbers.js";
import { parseSourceRef } from "./sourceRef.js";
import type { ParsedPath } from "./thumbor.js";
import { type Edits, NO_EDITS } from "./transformRequest.js";

/** The query form's parameters; `expires` belongs to the signature, not to the edits. */
export const QUERY_EDIT_PARAMETERS = ["w", "h", "fit", "fm", "q", "blur", "dpr"] as const;

/** True when a query asks for edits, so the path is only the image. */
export function isQueryForm(query: URLSearchParams): boolean {
  return QUERY_EDIT_PARAMETERS.some((name) => query.has(name));
}

/**
 * `<image>?w=&h=&fit=&fm=&q=&blur=&dpr=`: the image, and the edits of `parseQueryEdits`.
 *
 * @throws TransformError `invalid_url`
 */
export function parseQueryForm(image: string, query: URLSearchParams): ParsedPath {
  return { source: parseSourceRef(image), edits: parseQueryEdits(query, ["expires"]) };
}

/**
 * The query form's edits: width and height in CSS pixels, multiplied by `dpr` (1–4);
 * `fit` as sharp names it (default `cover` with both sides, else `inside`); `fm` a format
 * or `auto`; `q` quality 1–100; `blur` a Gaussian sigma. Pure, and the one reading of
 * these parameters: `/t/<image>?…` and the API's `POST /transform` both use it.
 *
 * @param alsoAllowed names that may appear besides the edits, which are left to the caller
 * @throws TransformError `invalid_url` for an unknown or repeated parameter, or a value out of range
 * @example
 * parseQueryEdits(new URLSearchParams("w=320&fm=webp")).resize.width; // 320
 */
export function parseQueryEdits(
  query: URLSearchParams,
  alsoAllowed: readonly string[] = [],
): Edits {
  const known = new Set<string>([...QUERY_EDIT_PARAMETERS, ...alsoAllowed]);
  for (const name of query.keys()) {
    if (!known.has(name)) {
      const others = alsoAllowed.length > 0 ? ` and ${alsoAllowed.join(", ")}` : "";
      fail(
        `Unknown parameter "${name}"; the query form takes ${QUERY_EDIT_PARAMETERS.join(", ")}${others}.`,
      );
    }
  }
  const value = (name: string) => {
    const all = query.getAll(name);
    if (all.length > 1) fail(`The parameter "${name}" is given ${all.length} times.`);
    return all[0];
  };
  const edits: Draft = { ...NO_EDITS };
  const [w, h, fit, fm, q, blur, dpr] = QUERY_EDIT_PARAMETERS.map(value);
  const width = w === undefined ? undefined : integer(w, "w", 1, 100_000);
  const height = h === undefined ? undefined : integer(h, "h", 1, 100_000);
  const fitName = fit ?? (width !== undefined && height !== undefined ? "cover" : "inside");
  const knownFit = FITS.find((f) => f === fitName);
  if (!knownFit) fail(`fit: "${fitName}" is not one of ${FITS.join(", ")}.`);
  edits.resize = {
    ...edits.resize,
    width,
    height,
    fit: knownFit,
    scale: dpr === undefined ? 1 : number(dpr, "dpr", 1, 4),
  };
  if (blur !== undefined) edits.blur = number(blur, "blur", 0.3, 1000);
  edits.output = {
    format: fm === undefined ? "auto" : parseFormat(fm, "fm"),
    ...(q !== undefined && { quality: integer(q, "q", 1, 100) }),
  };
  return edits;
}
