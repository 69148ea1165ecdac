import { TransformError } from "../errors.js";
import { parseColour } from "./colour.js";
import { parseFormat } from "./format.js";
import { fail, integer, number, oneArgument } from "./numbers.js";
import { parseSourceRef } from "./sourceRef.js";
import type { Edits, Offset, Watermark } from "./transformRequest.js";

/** Edits while the URL is read; frozen into a `TransformRequest` once parsing is done. */
export type Draft = { -readonly [K in keyof Edits]: Edits[K] };

type FilterParser = (args: string[], edits: Draft, name: string) => void;

const noArguments =
  (apply: (edits: Draft) => void): FilterParser =>
  (args, edits, name) => {
    if (args.length > 1 || (args.length === 1 && args[0] !== "")) {
      fail(`${name}() takes no arguments.`);
    }
    apply(edits);
  };

/**
 * Thumbor's filters that imgpipe applies, each a pure change of the draft. Where the
 * Serverless Image Handler maps a filter, the mapping is the same (blur's sigma,
 * sharpen's sigma, fill as a padded box, quality of the output format); the README
 * lists every deliberate difference.
 */
const FILTERS: Record<string, FilterParser> = {
  format: (args, edits, name) => {
    edits.output = { ...edits.output, format: parseFormat(oneArgument(args, name), name) };
  },
  autojpg: noArguments((edits) => {
    edits.output = { ...edits.output, format: "jpeg" };
  }),
  quality: (args, edits, name) => {
    edits.output = { ...edits.output, quality: integer(oneArgument(args, name), name, 1, 100) };
  },
  max_bytes: (args, edits, name) => {
    const maxBytes = integer(oneArgument(args, name), name, 1024, 50 * 1024 * 1024);
    edits.output = { ...edits.output, maxBytes };
  },
  grayscale: noArguments((edits) => {
    edits.grayscale = true;
  }),
  equalize: noArguments((edits) => {
    edits.equalize = true;
  }),
  blur: (args, edits, name) => {
    if (args.length < 1 || args.length > 2)
      fail(`${name}(radius[,sigma]) takes one or two numbers.`);
    const radius = number(args[0] ?? "", name, 0, 150);
    const sigma = args[1] === undefined ? radius / 2 : number(args[1], name, 0, 150);
    // sharp's smallest sigma; a zero radius is no blur, as in Thumbor.
    if (radius > 0) edits.blur = Math.max(0.3, sigma);
  },
  sharpen: (args, edits, name) => {
    if (args.length !== 3) fail(`${name}(amount,radius,luminance_only) takes three arguments.`);
    number(args[0] ?? "", name, 0, 10);
    const radius = number(args[1] ?? "", name, 0, 100);
    edits.sharpen = 1 + radius / 2;
  },
  rotate: (args, edits, name) => {
    const angle = integer(oneArgument(args, name), name, -360, 360);
    const normalised = ((angle % 360) + 360) % 360;
    edits.rotate = normalised === 0 ? undefined : normalised;
  },
  fill: (args, edits, name) => {
    if (args.length < 1 || args.length > 2)
      fail(`${name}(colour[,fill_transparent]) takes one or two arguments.`);
    const colour = args[0] ?? "";
    if (colour === "auto" || colour === "blur") {
      throw new TransformError(
        "cannot_apply",
        `fill(${colour}) is not offered; name the colour, e.g. fill(white) or fill(transparent).`,
      );
    }
    edits.fill = parseColour(colour, name);
    edits.resize = { ...edits.resize, fit: "contain" };
  },
  background_color: (args, edits, name) => {
    edits.background = parseColour(oneArgument(args, name), name);
  },
  // Nothing of the source's metadata is ever copied out, so both are already true.
  strip_exif: noArguments(() => {}),
  strip_icc: noArguments(() => {}),
  no_upscale: noArguments((edits) => {
    edits.resize = { ...edits.resize, enlarge: false };
  }),
  upscale: noArguments((edits) => {
    edits.resize = { ...edits.resize, enlarge: true };
  }),
  stretch: noArguments((edits) => {
    if (edits.resize.fit !== "inside") edits.resize = { ...edits.resize, fit: "fill" };
  }),
  proportion: (args, edits, name) => {
    const scale = number(oneArgument(args, name), name, 0.01, 10);
    edits.resize = { ...edits.resize, scale: edits.resize.scale * scale };
  },
  brightness: (args, edits, name) => {
    edits.brightness = integer(oneArgument(args, name), name, -100, 100);
  },
  contrast: (args, edits, name) => {
    edits.contrast = integer(oneArgument(args, name), name, -100, 100);
  },
  rgb: (args, edits, name) => {
    if (args.length !== 3) fail(`${name}(r,g,b) takes three percentages from -100 to 100.`);
    const [r = 0, g = 0, b = 0] = args.map((arg) => integer(arg, name, -100, 100));
    edits.rgb = { r, g, b };
  },
  round_corners: (args, edits, name) => {
    if (args.length < 4 || args.length > 5) {
      fail(`${name}(a|b,r,g,b[,transparent]) takes a radius and a colour.`);
    }
    const [radii = "", r = "", g = "", b = "", transparent = "0"] = args;
    const [rx = "", ry = rx] = radii.split("|");
    const colour = {
      r: integer(r, name, 0, 255),
      g: integer(g, name, 0, 255),
      b: integer(b, name, 0, 255),
      alpha: 1,
    };
    edits.roundCorners = {
      rx: integer(rx, name, 0, 10_000),
      ry: integer(ry, name, 0, 10_000),
      ...(!["1", "true", "True"].includes(transparent) && { colour }),
    };
  },
  watermark: (args, edits, name) => {
    edits.watermarks = [...edits.watermarks, parseWatermark(args, name)];
  },
};

/** The filters imgpipe knows, for error messages and the README. */
export const FILTER_NAMES = Object.keys(FILTERS).sort();

/**
 * Applies `name(args):name(args)…` to a draft. Filters apply in the order written;
 * a later filter of the same kind wins.
 *
 * @throws TransformError `invalid_url` for an unknown filter or a bad argument
 */
export function applyFilters(text: string, edits: Draft): void {
  for (const { name, args } of splitFilters(text)) {
    const parse = FILTERS[name];
    if (!parse) {
      fail(
        `Unknown filter ${name}(); imgpipe knows ${FILTER_NAMES.map((f) => `${f}()`).join(", ")}.`,
      );
    }
    parse(args, edits, name);
  }
}

const FILTER = /([a-z_]+)\(([^()]*)\)(?::|$)/y;

function splitFilters(text: string): { name: string; args: string[] }[] {
  const filters: { name: string; args: string[] }[] = [];
  FILTER.lastIndex = 0;
  while (FILTER.lastIndex < text.length) {
    const match = FILTER.exec(text);
    if (!match)
      fail(`"filters:${text}" is not a list of filters: write name(arguments):name(arguments).`);
    const [, name = "", args = ""] = match;
    filters.push({ name, args: args === "" ? [] : args.split(",").map((arg) => arg.trim()) });
  }
  return filters;
}

function parseWatermark(args: string[], name: string): Watermark {
  if (args.length < 4 || args.length > 6) {
    fail(`${name}(image,x,y,alpha[,w_ratio,h_ratio]) takes four to six arguments.`);
  }
  const [image = "", x = "", y = "", alpha = "", wRatio, hRatio] = args;
  const ratio = (text: string | undefined) =>
    text === undefined || text === "none" ? undefined : integer(text, name, 1, 100);
  const maxWidthPercent = ratio(wRatio);
  const maxHeightPercent = ratio(hRatio);
  return {
    source: parseSourceRef(image),
    x: offset(x, name),
    y: offset(y, name),
    transparency: integer(alpha, name, 0, 100),
    ...(maxWidthPercent !== undefined && { maxWidthPercent }),
    ...(maxHeightPercent !== undefined && { maxHeightPercent }),
  };
}

function offset(text: string, name: string): Offset {
  if (text === "center") return { kind: "centre" };
  if (text === "repeat") return { kind: "repeat" };
  if (text.endsWith("p"))
    return { kind: "percent", value: integer(text.slice(0, -1), name, -100, 100) };
  return { kind: "pixels", value: integer(text, name, -100_000, 100_000) };
}
