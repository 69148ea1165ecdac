import * as z from "zod";
import { type Limits, limitsSchema } from "./limits.js";
import { logLevelSchema, parseConfig, parseJson } from "./parseConfig.js";
import type { PipelineConfig } from "./pipelineConfig.js";
import { type Processing, processingSchema } from "./processing.js";
import {
  MISSING_SIGNING_KEY,
  type SigningKeySource,
  signingKeyEnvFields,
  signingKeyEnvironment,
  signingKeySourceOf,
} from "./signingKeySource.js";
import { type TransformSettings, transformSchema } from "./transform.js";

/**
 * The environment variables of the API function. The infrastructure and the local cloud
 * build them with `apiEnvironment`; the function reads them back with
 * `parseApiEnvironment` at cold start. Nothing else sets them.
 */
const apiEnvSchema = z
  .object({
    IMGPIPE_UPLOADS_BUCKET: z.string().min(3),
    IMGPIPE_IMAGES_TABLE: z.string().min(3),
    IMGPIPE_EVENTS_TOPIC_ARN: z.string().startsWith("arn:"),
    IMGPIPE_PROCESSED_BUCKET: z.string().min(3),
    /** Where the CDN serves `images/*`: variant URLs are built on it. */
    IMGPIPE_CDN_URL: z.url({ protocol: /^https?$/ }),
    IMGPIPE_LIMITS: z.string().transform(parseJson).pipe(limitsSchema),
    /** The background JPEG outputs of `POST /transform` flatten transparency onto. */
    IMGPIPE_PROCESSING: z.string().transform(parseJson).pipe(processingSchema),
    /** Comma-separated: origins hold no commas, and Terraform renders a joined string as is. */
    IMGPIPE_CORS_ORIGINS: z
      .string()
      .transform((list) => list.split(",").filter(Boolean))
      .pipe(z.array(z.url({ protocol: /^https?$/ }))),
    IMGPIPE_PENDING_UPLOAD_HOURS: z.coerce.number().int().min(1),
    /**
     * Set when `features.transform` is on: the API then signs transform URLs with the key
     * and serves `POST /transform`, bounded like `/t/*`.
     */
    IMGPIPE_TRANSFORM: z.string().transform(parseJson).pipe(transformSchema).optional(),
    ...signingKeyEnvFields,
    LOG_LEVEL: logLevelSchema,
  })
  .refine((env) => !env.IMGPIPE_TRANSFORM || signingKeySourceOf(env) !== undefined, {
    message: `IMGPIPE_TRANSFORM is set: ${MISSING_SIGNING_KEY}`,
  });

export interface ApiSettings {
  uploadsBucket: string;
  processedBucket: string;
  imagesTable: string;
  eventsTopicArn: string;
  cdnUrl: string;
  limits: Limits;
  processing: Processing;
  corsOrigins: string[];
  pendingUploadHours: number;
  /**
   * Present when `features.transform` is on: the API hands out signed transform URLs and
   * serves `POST /transform`.
   */
  transform?: { settings: TransformSettings; signingKey: SigningKeySource };
  logLevel: string;
}

export interface ApiResources {
  uploadsBucket: string;
  processedBucket: string;
  imagesTable: string;
  eventsTopicArn: string;
  cdnUrl: string;
  /** The transform signing key: required when `features.transform` is on. */
  signingKey?: SigningKeySource;
}

/**
 * The environment variables that give the API function its settings.
 *
 * @throws Error when `features.transform` is on and `resources` has no signing key
 */
export function apiEnvironment(
  config: PipelineConfig,
  resources: ApiResources,
  extraCorsOrigins: readonly string[] = [],
): Record<string, string> {
  const { signingKey } = resources;
  if (config.features.transform && !signingKey) {
    throw new Error("features.transform is on: the API needs the transform signing key");
  }
  return {
    IMGPIPE_UPLOADS_BUCKET: resources.uploadsBucket,
    IMGPIPE_PROCESSED_BUCKET: resources.processedBucket,
    IMGPIPE_IMAGES_TABLE: resources.imagesTable,
    IMGPIPE_EVENTS_TOPIC_ARN: resources.eventsTopicArn,
    IMGPIPE_CDN_URL: resources.cdnUrl,
    IMGPIPE_LIMITS: JSON.stringify(config.limits),
    IMGPIPE_PROCESSING: JSON.stringify(config.processing),
    IMGPIPE_CORS_ORIGINS: [...config.corsOrigins, ...extraCorsOrigins].join(","),
    IMGPIPE_PENDING_UPLOAD_HOURS: String(config.retention.pendingUploadHours),
    ...(config.features.transform &&
      signingKey && {
        IMGPIPE_TRANSFORM: JSON.stringify(config.transform),
        ...signingKeyEnvironment(signingKey),
      }),
  };
}

/** @throws ConfigError naming each missing or invalid variable */
export function parseApiEnvironment(env: Record<string, string | undefined>): ApiSettings {
  const e = parseConfig(apiEnvSchema, env, "api environment");
  return {
    uploadsBucket: e.IMGPIPE_UPLOADS_BUCKET,
    processedBucket: e.IMGPIPE_PROCESSED_BUCKET,
    imagesTable: e.IMGPIPE_IMAGES_TABLE,
    eventsTopicArn: e.IMGPIPE_EVENTS_TOPIC_ARN,
    cdnUrl: e.IMGPIPE_CDN_URL.replace(/\/+$/, ""),
    limits: e.IMGPIPE_LIMITS,
    processing: e.IMGPIPE_PROCESSING,
    corsOrigins: e.IMGPIPE_CORS_ORIGINS,
    pendingUploadHours: e.IMGPIPE_PENDING_UPLOAD_HOURS,
    ...transformOf(e.IMGPIPE_TRANSFORM, signingKeySourceOf(e)),
    logLevel: e.LOG_LEVEL,
  };
}

function transformOf(
  settings: TransformSettings | undefined,
  signingKey: SigningKeySource | undefined,
): Pick<ApiSettings, "transform"> {
  return settings && signingKey ? { transform: { settings, signingKey } } : {};
}
