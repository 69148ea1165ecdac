import type { Fit, OutputFormat } from "@imgpipe/core";

/**
 * What a transform URL asks for, as a value: no I/O went into it and nothing changes it
 * after parsing (every level is frozen). Sizes that depend on the source (`orig`, the
 * adaptive swap, a crop larger than the image) are resolved when rendering.
 */
export interface TransformRequest {
  /** How the URL is signed: its signature segment, or `unsafe`. */
  readonly signature: string;
  /** Exactly what the signature covers: the path after the signature segment, plus `?query` if any. */
  readonly signed: string;
  /** Epoch seconds after which the URL stops working; signed with the rest. */
  readonly expires?: number;
  readonly source: SourceRef;
  readonly edits: Edits;
}

/**
 * A stored image: an upload's current original (`ownerId/imageId`, optionally pinned to
 * a revision, the first 16 hex digits of the original's SHA-256), or a stored variant's key.
 */
export type SourceRef =
  | {
      readonly kind: "original";
      readonly ownerId: string;
      readonly imageId: string;
      readonly revision?: string;
    }
  | { readonly kind: "variant"; readonly key: string };

/** A side of the output: pixels, the source's own size (`orig`), or left to the aspect ratio. */
export type Side = number | "orig" | undefined;

/** sharp's gravities plus the smart crop (`attention`). */
export type Placement =
  | "centre"
  | "north"
  | "south"
  | "east"
  | "west"
  | "northeast"
  | "northwest"
  | "southeast"
  | "southwest"
  | "attention";

export interface Resize {
  readonly width: Side;
  readonly height: Side;
  readonly fit: Fit;
  /** Swap width and height when the box's orientation differs from the image's (adaptive-fit-in). */
  readonly adaptive: boolean;
  /** May the output be larger than the source? */
  readonly enlarge: boolean;
  /** Scales the box (`proportion()`, the query form's `dpr`). */
  readonly scale: number;
}

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  /** 0 (transparent) to 1 (opaque). */
  readonly alpha: number;
}

export interface Watermark {
  readonly source: SourceRef;
  /** Pixels from the left (negative: from the right), a percentage, or centred. */
  readonly x: Offset;
  readonly y: Offset;
  /** 0 (opaque) to 100 (invisible), as Thumbor's `alpha`. */
  readonly transparency: number;
  /** Largest share of the image's width and height the watermark may cover, in percent. */
  readonly maxWidthPercent?: number;
  readonly maxHeightPercent?: number;
}

export type Offset =
  | { readonly kind: "pixels"; readonly value: number }
  | { readonly kind: "percent"; readonly value: number }
  | { readonly kind: "centre" }
  | { readonly kind: "repeat" };

export interface Edits {
  /** Remove a border of the colour of one corner's pixel, within a colour distance. */
  readonly trim?: { readonly corner: "top-left" | "bottom-right"; readonly tolerance: number };
  /** A region of the upright source, cut before anything else. */
  readonly crop?: {
    readonly left: number;
    readonly top: number;
    readonly width: number;
    readonly height: number;
  };
  readonly resize: Resize;
  /** Where a `cover` crop is taken, or where `contain` places the image in its box. */
  readonly placement: Placement;
  /** Mirror left–right (a negative width), top–bottom (a negative height). */
  readonly flipHorizontal: boolean;
  readonly flipVertical: boolean;
  /** Pad colour of a `contain` box (`fill()`). */
  readonly fill?: Rgb;
  /** Transparency is flattened onto this colour (`background_color()`). */
  readonly background?: Rgb;
  /** Degrees clockwise. */
  readonly rotate?: number;
  readonly grayscale: boolean;
  readonly equalize: boolean;
  /** Gaussian blur sigma. */
  readonly blur?: number;
  /** Sharpen sigma. */
  readonly sharpen?: number;
  /** −100 to 100, as Thumbor's filters. */
  readonly brightness?: number;
  readonly contrast?: number;
  readonly rgb?: { readonly r: number; readonly g: number; readonly b: number };
  readonly roundCorners?: {
    readonly rx: number;
    readonly ry: number;
    /** Undefined: transparent corners. */
    readonly colour?: Rgb;
  };
  readonly watermarks: readonly Watermark[];
  readonly output: Output;
}

export interface Output {
  /** `auto`: chosen from the request's `Accept` header. */
  readonly format: OutputFormat | "auto";
  readonly quality?: number;
  /** Lower the quality until the body fits, as far as it goes. */
  readonly maxBytes?: number;
}

/** The edits of a URL that asks for nothing: the source as it is, format from `Accept`. */
export const NO_EDITS: Edits = {
  resize: {
    width: undefined,
    height: undefined,
    fit: "inside",
    adaptive: false,
    enlarge: true,
    scale: 1,
  },
  placement: "centre",
  flipHorizontal: false,
  flipVertical: false,
  grayscale: false,
  equalize: false,
  watermarks: [],
  output: { format: "auto" },
};

/** Freezes a request and everything in it. */
export function frozen<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}
