import { TransformError } from "../errors.js";
import { applyFilters, type Draft } from "./filters.js";
import { fail, integer } from "./numbers.js";
import { notAnImage, parseSourceRef, SOURCE_REF_PATTERN } from "./sourceRef.js";
import {
  type Edits,
  NO_EDITS,
  type Placement,
  type Side,
  type SourceRef,
} from "./transformRequest.js";

/**
 * Thumbor's path grammar after the signature, part for part as Thumbor's own URL
 * pattern lists it: every part optional, in this order, the image last. The image must
 * look like a stored image's name, so that an owner called `left` or `smart` is not
 * taken for an alignment: the pattern backtracks until the image part is one.
 */
const THUMBOR_PATH = new RegExp(
  [
    "^",
    "(?:(?<meta>meta)/)?",
    "(?:(?<trim>trim(?::(?:top-left|bottom-right))?(?::\\d+)?)/)?",
    "(?:(?<cropLeft>\\d+)x(?<cropTop>\\d+):(?<cropRight>\\d+)x(?<cropBottom>\\d+)/)?",
    "(?:(?<adaptive>adaptive-)?(?<full>full-)?(?<fitIn>fit-in)/)?",
    "(?:(?:(?<flipH>-)?(?<width>\\d+|orig)?x(?<flipV>-)?(?<height>\\d+|orig)?|(?<orig>orig))/)?",
    "(?:(?<halign>left|right|center)/)?",
    "(?:(?<valign>top|bottom|middle)/)?",
    "(?:(?<smart>smart)/)?",
    "(?:filters:(?<filters>.+?\\))/)?",
    `(?<image>${SOURCE_REF_PATTERN})`,
    "$",
  ].join(""),
);

/** Largest side a URL may name; the configured output limit is checked when rendering. */
const MAX_SIDE = 100_000;

export interface ParsedPath {
  source: SourceRef;
  edits: Edits;
}

/**
 * Parses `[trim/][AxB:CxD/][(adaptive-)(full-)fit-in/][-]WxH/[halign/][valign/][smart/][filters:…/]<image>`.
 *
 * @throws TransformError `invalid_url` (400) or `cannot_apply` (422)
 * @example
 * parseThumborPath("fit-in/300x200/filters:format(webp)/demo/beach").edits.resize.fit; // "inside"
 */
export function parseThumborPath(path: string): ParsedPath {
  const groups = THUMBOR_PATH.exec(path)?.groups;
  if (!groups) throw explain(path);
  if (groups.meta) {
    throw new TransformError("cannot_apply", "meta/ (Thumbor's metadata endpoint) is not offered.");
  }
  const edits: Draft = { ...NO_EDITS };
  if (groups.trim) edits.trim = trimOf(groups.trim);
  if (groups.cropLeft !== undefined) edits.crop = cropOf(groups);
  // A bare `orig` is `origxorig`: the source's own size.
  const width = groups.orig ? "orig" : side(groups.width);
  const height = groups.orig ? "orig" : side(groups.height);
  edits.resize = {
    ...edits.resize,
    width,
    height,
    fit: fitOf(groups, width, height),
    adaptive: groups.adaptive !== undefined,
  };
  edits.flipHorizontal = groups.flipH !== undefined;
  edits.flipVertical = groups.flipV !== undefined;
  edits.placement = groups.smart ? "attention" : placementOf(groups.halign, groups.valign);
  if (groups.filters) applyFilters(groups.filters, edits);
  return { source: parseSourceRef(groups.image ?? ""), edits };
}

/**
 * Without `fit-in`, Thumbor fills the box and crops the rest (cover); with one side 0
 * or left out it scales to the other side. `fit-in` fits inside the box, `full-fit-in`
 * covers it without cropping (outside), as in Thumbor.
 */
function fitOf(groups: Record<string, string | undefined>, width: Side, height: Side) {
  if (groups.fitIn) return groups.full ? "outside" : "inside";
  return width === undefined || height === undefined ? "inside" : "cover";
}

/** A side of `WxH`: 0 or nothing leaves it to the aspect ratio, as in Thumbor. */
function side(text: string | undefined): Side {
  if (text === undefined || text === "") return undefined;
  if (text === "orig") return "orig";
  const value = integer(text, "size", 0, MAX_SIDE);
  return value === 0 ? undefined : value;
}

function trimOf(text: string): Draft["trim"] {
  const [, ...options] = text.split(":");
  const corner = options.find((o) => o === "top-left" || o === "bottom-right") ?? "top-left";
  const tolerance = options.find((o) => /^\d+$/.test(o));
  // Thumbor's tolerance is a distance in RGB space, 0–442.
  return { corner, tolerance: tolerance === undefined ? 0 : integer(tolerance, "trim", 0, 442) };
}

function cropOf(groups: Record<string, string | undefined>): Draft["crop"] {
  const [left, top, right, bottom] = [
    groups.cropLeft,
    groups.cropTop,
    groups.cropRight,
    groups.cropBottom,
  ].map((n) => integer(n ?? "", "crop", 0, MAX_SIDE)) as [number, number, number, number];
  if (right <= left || bottom <= top) {
    fail(
      `The crop ${left}x${top}:${right}x${bottom} is empty: the second point (right x bottom) must lie right of and below the first.`,
    );
  }
  return { left, top, width: right - left, height: bottom - top };
}

const HORIZONTAL: Record<string, string> = { left: "west", right: "east" };
const VERTICAL: Record<string, string> = { top: "north", bottom: "south" };

function placementOf(halign: string | undefined, valign: string | undefined): Placement {
  const vertical = valign ? (VERTICAL[valign] ?? "") : "";
  const horizontal = halign ? (HORIZONTAL[halign] ?? "") : "";
  return (`${vertical}${horizontal}` || "centre") as Placement;
}

/** Why a path does not parse, as precisely as can be told. */
function explain(path: string): Error {
  const image = path.split("/filters:").at(-1) ?? path;
  if (/:\/\/|^\/\//.test(path)) return notAnImage(image.slice(image.search(/[a-z]+:\/\/|\/\//i)));
  if (path.split("/").some((segment) => segment === ".." || segment === ".")) {
    return notAnImage(path);
  }
  return fail(
    `"${path}" is not a transform path: expected [trim/][AxB:CxD/][fit-in/][WxH/][halign/][valign/][smart/][filters:name(args)…/]<ownerId>/<imageId>.`,
  );
}
