import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join, normalize, relative, sep } from "node:path";
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  type S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import {
  IMAGES_PREFIX,
  NEGOTIATED_FORMAT_HEADER,
  negotiateFormat,
  RENDITIONS_PREFIX,
  SPA_CONFIG_FILE,
  type SpaConfig,
  spaCacheControl,
  spaContentType,
} from "@imgpipe/core";
import type { EventTarget } from "../events/eventRouter.js";
import { toApiGatewayV2Event } from "./apiEvent.js";
import { fromApiGatewayV2Result } from "./apiResult.js";
import { type CorsRules, corsHeaders, corsRequest, isPreflight } from "./cors.js";
import {
  badPath,
  decodePath,
  type HttpHandler,
  type HttpRequest,
  type HttpResponse,
  json,
} from "./http.js";

export interface CdnOptions {
  s3: S3Client;
  processedBucket: string;
  /** The transform function behind `/t/*`; undefined until that function exists. */
  transform: EventTarget | undefined;
  /** The built SPA (frontend/dist); undefined or missing: no SPA to serve. */
  spaDir: string | undefined;
  /** `config.json` next to the SPA: this local cloud's endpoints, as the stack writes it in AWS. */
  spaConfig?: () => SpaConfig;
  cors: CorsRules;
  accountId: string;
}

/** Headers of a stored variant that CloudFront passes on from the S3 origin. */
const OBJECT_HEADERS = ["ContentType", "CacheControl", "ETag", "LastModified"] as const;

/**
 * The distribution's behaviours: `/images/*` and `/renditions/*` from the processed
 * bucket with the headers stored on each object, `/t/*` to the transform function (its
 * `Accept` normalised into one header first, as the viewer-request function does), everything else from the SPA,
 * with `index.html` for paths that are not files (client-side routes).
 */
export function createCdn(options: CdnOptions): HttpHandler {
  return async (request) => {
    const cors = corsRequest(request);
    const allow = corsHeaders(options.cors, cors);
    if (isPreflight(cors)) return { status: 204, headers: allow };
    if (request.method !== "GET" && request.method !== "HEAD" && !request.path.startsWith("/t/")) {
      return json(405, { message: "Method Not Allowed" });
    }
    const response = await behaviour(options, request);
    return {
      ...response,
      headers: { ...response.headers, ...allow, "x-cache": "Miss from local" },
    };
  };
}

async function behaviour(options: CdnOptions, request: HttpRequest): Promise<HttpResponse> {
  if (decodePath(request.path) === undefined) return badPath();
  if (
    request.path.startsWith(`/${IMAGES_PREFIX}`) ||
    request.path.startsWith(`/${RENDITIONS_PREFIX}`)
  ) {
    return image(options, request);
  }
  if (request.path.startsWith("/t/")) return transform(options, request);
  if (request.path === `/${SPA_CONFIG_FILE}` && options.spaConfig) {
    const headers = { "cache-control": spaCacheControl(SPA_CONFIG_FILE) };
    return Promise.resolve(json(200, options.spaConfig(), headers));
  }
  return spa(options.spaDir, request.path);
}

async function image(options: CdnOptions, request: HttpRequest): Promise<HttpResponse> {
  const key = decodePath(request.path.slice(1)) ?? "";
  let object: GetObjectCommandOutput;
  try {
    object = await options.s3.send(
      new GetObjectCommand({ Bucket: options.processedBucket, Key: key }),
    );
  } catch (error) {
    // A key S3 refuses (too long, say) is as absent as a missing one.
    const refused =
      error instanceof S3ServiceException && (error.$metadata.httpStatusCode ?? 500) < 500;
    if (error instanceof NoSuchKey || refused) {
      return json(404, { message: `No image at ${request.path}` });
    }
    throw error;
  }
  const headers: Record<string, string> = {};
  for (const field of OBJECT_HEADERS) {
    const value = object[field];
    if (value === undefined) continue;
    const name = field.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
    headers[name] = value instanceof Date ? value.toUTCString() : String(value);
  }
  const body = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  if (headers.etag !== undefined && request.headers["if-none-match"] === headers.etag) {
    return { status: 304, headers };
  }
  return { status: 200, headers: { ...headers, "content-length": String(body.length) }, body };
}

async function transform(options: CdnOptions, request: HttpRequest): Promise<HttpResponse> {
  if (!options.transform) {
    return json(404, {
      message:
        "Transforms are switched off: set features.transform to true in the config and restart.",
    });
  }
  const normalised = {
    ...request,
    headers: {
      ...request.headers,
      [NEGOTIATED_FORMAT_HEADER]: negotiateFormat(request.headers.accept as string | undefined),
    },
  };
  // A function URL sends the same payload 2.0 event, with the `$default` route.
  const event = toApiGatewayV2Event(normalised, {
    routeKey: "$default",
    pathParameters: {},
    accountId: options.accountId,
    apiId: "transform",
    domainName: String(request.headers.host ?? "localhost"),
    requestId: randomUUID(),
    now: new Date(),
  });
  return fromApiGatewayV2Result(await options.transform.invoke(event));
}

async function spa(root: string | undefined, path: string): Promise<HttpResponse> {
  const file = root && (await existingFile(root, decodePath(path) ?? "/"));
  const index = root && (await existingFile(root, "/index.html"));
  const served = file || index;
  if (!root || !served) {
    return json(404, {
      message: "No SPA to serve: build the frontend (frontend/dist) and restart the local cloud.",
    });
  }
  // The same headers the stack gives each file in the frontend bucket.
  const name = relative(root, served).split(sep).join("/");
  return {
    status: 200,
    headers: { "content-type": spaContentType(name), "cache-control": spaCacheControl(name) },
    body: await readFile(served),
  };
}

/** The file under `root` for a URL path, never outside it. */
async function existingFile(root: string, path: string): Promise<string | undefined> {
  const candidate = normalize(join(root, path));
  if (!candidate.startsWith(normalize(root) + sep)) return undefined;
  try {
    return (await stat(candidate)).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}
