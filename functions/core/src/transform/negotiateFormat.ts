/**
 * The output format a transform without one gets, from the request's `Accept` header:
 * AVIF, else WebP, else JPEG. CloudFront's viewer-request function runs this same code
 * (so it is self-contained: no imports, no helpers outside it) and puts the answer in
 * `NEGOTIATED_FORMAT_HEADER`, so that the cache key holds one of three values instead
 * of every browser's `Accept`.
 */
export function negotiateFormat(accept: string | undefined): "avif" | "webp" | "jpeg" {
  const ranges = (accept || "").toLowerCase().split(",");
  const accepts = (type: string): boolean =>
    ranges.some((range) => {
      const params = range.split(";").map((part) => part.trim());
      return params[0] === type && !params.some((param) => /^q=0(\.0*)?$/.test(param));
    });
  if (accepts("image/avif")) return "avif";
  if (accepts("image/webp")) return "webp";
  return "jpeg";
}

/** The header that carries the negotiated format from the CDN to the transform function. */
export const NEGOTIATED_FORMAT_HEADER = "x-imgpipe-format";

/**
 * CloudFront's viewer-request function of `/t/*` (cloudfront-js-2.0): `negotiateFormat`
 * in CloudFront's JavaScript, whose answer replaces whatever the viewer sent in
 * `NEGOTIATED_FORMAT_HEADER`. A test holds the two to the same answers.
 */
export const NEGOTIATE_FORMAT_VIEWER_FUNCTION = `function negotiate(accept) {
  var ranges = (accept || "").toLowerCase().split(",");
  function accepts(type) {
    return ranges.some(function (range) {
      var params = range.split(";").map(function (part) { return part.trim(); });
      return params[0] === type && !params.some(function (param) { return /^q=0(\\.0*)?$/.test(param); });
    });
  }
  if (accepts("image/avif")) return "avif";
  if (accepts("image/webp")) return "webp";
  return "jpeg";
}

function handler(event) {
  var request = event.request;
  var accept = request.headers.accept ? request.headers.accept.value : "";
  request.headers["${NEGOTIATED_FORMAT_HEADER}"] = { value: negotiate(accept) };
  return request;
}
`;
