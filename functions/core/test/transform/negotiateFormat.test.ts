import { describe, expect, it } from "vitest";
import {
  NEGOTIATE_FORMAT_VIEWER_FUNCTION,
  NEGOTIATED_FORMAT_HEADER,
  negotiateFormat,
} from "../../src/index.js";

type ViewerRequest = { headers: Record<string, { value: string }> };

/** Runs the CloudFront function's code as CloudFront would, on one request. */
function viewerRequest(headers: Record<string, string>): ViewerRequest {
  const run = new Function("event", `${NEGOTIATE_FORMAT_VIEWER_FUNCTION}\nreturn handler(event);`);
  const entries = Object.entries(headers).map(([name, value]) => [name, { value }]);
  return run({ request: { headers: Object.fromEntries(entries) } }) as ViewerRequest;
}

describe("negotiateFormat", () => {
  it.each([
    [
      "a current Chrome",
      "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
      "avif",
    ],
    ["a browser without AVIF", "image/webp,*/*", "webp"],
    ["AVIF refused with q=0", "image/avif;q=0, image/webp", "webp"],
    ["an old browser", "image/png,image/*;q=0.8,*/*;q=0.5", "jpeg"],
    ["no Accept at all", undefined, "jpeg"],
    ["upper case and spaces", " Image/WebP ; q=0.9", "webp"],
  ])(
    "gives %s %s, in the function and in CloudFront's viewer-request function",
    (_, accept, format) => {
      const request = viewerRequest(accept === undefined ? {} : { accept });

      expect(negotiateFormat(accept)).toBe(format);
      expect(request.headers[NEGOTIATED_FORMAT_HEADER]?.value).toBe(format);
    },
  );

  it("replaces a format header the viewer sent itself", () => {
    const request = viewerRequest({ accept: "image/webp", [NEGOTIATED_FORMAT_HEADER]: "avif" });

    expect(request.headers[NEGOTIATED_FORMAT_HEADER]?.value).toBe("webp");
  });
});
