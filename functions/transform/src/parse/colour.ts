import colorString from "color-string";
import { invalidUrl } from "../errors.js";
import type { Rgb } from "./transformRequest.js";

const BARE_HEX = /^(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/**
 * A colour as Thumbor's filters write it: a CSS name (`red`), hex without `#`
 * (`ff0000`, `f00`), or `transparent`. A `#` would start the URL's fragment, so Thumbor
 * URLs never carry one; it is accepted anyway.
 *
 * @throws TransformError `invalid_url`
 */
export function parseColour(text: string, filter: string): Rgb {
  const css = BARE_HEX.test(text) ? `#${text}` : text;
  const parsed = colorString.get.rgb(css);
  if (!parsed) {
    throw invalidUrl(
      `${filter}(): "${text}" is not a colour; use a name such as white or hex such as ff8800.`,
    );
  }
  const [r = 0, g = 0, b = 0, alpha = 1] = parsed;
  return { r, g, b, alpha };
}
