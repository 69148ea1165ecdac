import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  API_SCOPES,
  FILE_EXTENSIONS,
  formatBytes,
  LAMBDA_MAX_RESPONSE_BYTES,
  maxBinaryBodyBytes,
  maxOneOffTransformBytes,
  type TransformSettings,
  tooLargeMessage,
} from "@imgpipe/core";
import { frozen, parseQueryEdits, QUERY_EDIT_PARAMETERS } from "@imgpipe/transform/edits";
import type { ApiDeps, AppEnv } from "../appEnv.js";
import { caller } from "../caller.js";
import { safeFileName } from "../fileName.js";
import { ApiError } from "../problems.js";
import { type EditFields, TransformFormSchema, TransformQuerySchema } from "../transformSchemas.js";
import { bearer, problem, problemResponses } from "./problemResponses.js";

/** The largest image an answer carries: its base64 and headers fill Lambda's response payload. */
export const MAX_ANSWER_BYTES = maxBinaryBodyBytes(LAMBDA_MAX_RESPONSE_BYTES);

const convert = createRoute({
  method: "post",
  path: "/transform",
  summary: "Convert an image once: resize, re-encode, store nothing",
  description:
    "Send one image as the `file` part of a multipart/form-data body, with the edits of the transform URLs' query form (`w h fit fm q blur dpr`) as form fields or in the query string (not both). The answer is the converted image; nothing is stored. Without `fm` (or with `fm=auto`) the format follows `Accept`: AVIF, else WebP, else JPEG (PNG for a transparent image where neither AVIF nor WebP is accepted).",
  security: bearer(API_SCOPES.write),
  request: {
    query: TransformQuerySchema,
    body: {
      required: true,
      content: { "multipart/form-data": { schema: TransformFormSchema } },
    },
  },
  responses: {
    200: {
      description:
        "The converted image, `Cache-Control: no-store`, `Content-Disposition: inline` with the file's name and the new extension",
      content: Object.fromEntries(
        ["image/avif", "image/webp", "image/jpeg", "image/png"].map((type) => [
          type,
          { schema: z.string().openapi({ type: "string", format: "binary" }) },
        ]),
      ),
    },
    ...problemResponses(400, 413, 415, 422),
    413: problem(
      "The file is larger than `limits.maxUploadBytes` or than what fits through API Gateway and Lambda (4.4 MiB), it has more pixels or frames than allowed, the output would pass `transform.maxOutputSide`/`maxOutputPixels`, or the converted image would not fit in an answer (4.4 MiB)",
    ),
  },
});

/** `POST /transform`: the edits parsed as `/t/*` parses them, the image rendered as it renders them. */
export function transformRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  transform: TransformSettings,
) {
  return app.openapi(convert, async (c) => {
    const { ownerId } = caller(c, API_SCOPES.write);
    const { settings } = deps;
    const { file, ...fields } = c.req.valid("form");
    const edits = frozen(parseQueryEdits(editParameters(c.req.valid("query"), fields)));
    const maxBytes = maxOneOffTransformBytes(settings.limits);
    if (file.size > maxBytes) throw new ApiError("too_large", tooLargeMessage(file.size, maxBytes));
    // sharp loads with the first conversion: the other routes never pay for it.
    const { renderUpload } = await import("@imgpipe/transform/render");
    const image = await renderUpload(
      new Uint8Array(await file.arrayBuffer()),
      edits,
      c.req.header("accept"),
      { ...settings, transform },
    );
    if (image.body.length > MAX_ANSWER_BYTES) {
      throw new ApiError(
        "too_large",
        `The converted image is ${formatBytes(image.body.length)}; an answer carries at most ${formatBytes(MAX_ANSWER_BYTES)}. Ask for fewer pixels (w, h), a lower quality (q) or a more compact format (fm=avif or fm=webp).`,
      );
    }
    deps.logger.info(
      { ownerId, bytes: file.size, format: image.format, width: image.width, height: image.height },
      "image converted",
    );
    const name = `${stem(safeFileName(file.name))}.${FILE_EXTENSIONS[image.format]}`;
    return c.body(new Uint8Array(image.body), 200, {
      "content-type": image.contentType,
      "cache-control": "no-store",
      "content-disposition": `inline; filename="${name}"`,
      "x-content-type-options": "nosniff",
      ...(edits.output.format === "auto" && { vary: "Accept" }),
    });
  });
}

/** The edit parameters, from the query string and the form together: the parser refuses one given twice. */
function editParameters(...sources: Partial<Record<keyof typeof EditFields, string>>[]) {
  const parameters = new URLSearchParams();
  for (const name of QUERY_EDIT_PARAMETERS) {
    for (const source of sources) {
      const value = source[name];
      if (value !== undefined) parameters.append(name, value);
    }
  }
  return parameters;
}

function stem(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}
