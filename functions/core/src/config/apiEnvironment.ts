import { z } from "zod";
import { parseJson } from "./functionEnvironment.js";
import { parseConfig } from "./parseConfig.js";
import { type Limits, limitsSchema, type PipelineConfig } from "./pipelineConfig.js";
import { type Processing, processingSchema } from "./processing.js";
import { transformSchema } from "./transform.js";

/** What `POST /transform` reads of the config: the switch, and the output limits and encoder effort of `/t/*`. */
const oneOffTransformSchema = transformSchema
  .pick({ maxOutputSide: true, maxOutputPixels: true, effort: true })
  .extend({ enabled: z.boolean() });
export type OneOffTransformSettings = z.output<typeof oneOffTransformSchema>;

/**
 * The environment variables of the API function. The infrastructure and the local cloud
 * build them with `apiEnvironment`; the function reads them back with
 * `parseApiEnvironment` at cold start. Nothing else sets them.
 */
const apiEnvSchema = z.object({
  IMGPIPE_UPLOADS_BUCKET: z.string().min(3),
  IMGPIPE_IMAGES_TABLE: z.string().min(3),
  IMGPIPE_EVENTS_TOPIC_ARN: z.string().startsWith("arn:"),
  IMGPIPE_PROCESSED_BUCKET: z.string().min(3),
  /** Where the CDN serves `images/*`: variant URLs are built on it. */
  IMGPIPE_CDN_URL: z.url({ protocol: /^https?$/ }),
  IMGPIPE_LIMITS: z.string().transform(parseJson).pipe(limitsSchema),
  /** The background JPEG outputs of `POST /transform` flatten transparency onto. */
  IMGPIPE_PROCESSING: z.string().transform(parseJson).pipe(processingSchema),
  IMGPIPE_TRANSFORM: z.string().transform(parseJson).pipe(oneOffTransformSchema),
  /** Comma-separated: origins hold no commas, and Terraform renders a joined string as is. */
  IMGPIPE_CORS_ORIGINS: z
    .string()
    .transform((list) => list.split(",").filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  IMGPIPE_PENDING_UPLOAD_HOURS: z.coerce.number().int().min(1),
  LOG_LEVEL: z.enum(["silent", "fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
});

export interface ApiSettings {
  uploadsBucket: string;
  processedBucket: string;
  imagesTable: string;
  eventsTopicArn: string;
  cdnUrl: string;
  limits: Limits;
  processing: Processing;
  /** `POST /transform`: on with `features.transform`, bounded like `/t/*`. */
  transform: OneOffTransformSettings;
  corsOrigins: string[];
  pendingUploadHours: number;
  logLevel: string;
}

export interface ApiResources {
  uploadsBucket: string;
  processedBucket: string;
  imagesTable: string;
  eventsTopicArn: string;
  cdnUrl: string;
}

/** The environment variables that give the API function its settings. */
export function apiEnvironment(
  config: PipelineConfig,
  resources: ApiResources,
  extraCorsOrigins: readonly string[] = [],
): Record<string, string> {
  return {
    IMGPIPE_UPLOADS_BUCKET: resources.uploadsBucket,
    IMGPIPE_PROCESSED_BUCKET: resources.processedBucket,
    IMGPIPE_IMAGES_TABLE: resources.imagesTable,
    IMGPIPE_EVENTS_TOPIC_ARN: resources.eventsTopicArn,
    IMGPIPE_CDN_URL: resources.cdnUrl,
    IMGPIPE_LIMITS: JSON.stringify(config.limits),
    IMGPIPE_PROCESSING: JSON.stringify(config.processing),
    IMGPIPE_TRANSFORM: JSON.stringify({
      enabled: config.features.transform,
      maxOutputSide: config.transform.maxOutputSide,
      maxOutputPixels: config.transform.maxOutputPixels,
      effort: config.transform.effort,
    }),
    IMGPIPE_CORS_ORIGINS: [...config.corsOrigins, ...extraCorsOrigins].join(","),
    IMGPIPE_PENDING_UPLOAD_HOURS: String(config.retention.pendingUploadHours),
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
    transform: e.IMGPIPE_TRANSFORM,
    corsOrigins: e.IMGPIPE_CORS_ORIGINS,
    pendingUploadHours: e.IMGPIPE_PENDING_UPLOAD_HOURS,
    logLevel: e.LOG_LEVEL,
  };
}
