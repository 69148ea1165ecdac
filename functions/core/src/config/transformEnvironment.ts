import * as z from "zod";
import { limitsSchema } from "./limits.js";
import { parseConfig, parseJson } from "./parseConfig.js";
import type { PipelineConfig } from "./pipelineConfig.js";
import { processingSchema } from "./processing.js";
import { type TransformSettings, transformSchema } from "./transform.js";

const LOG_LEVELS = ["silent", "fatal", "error", "warn", "info", "debug", "trace"] as const;

/**
 * The environment variables of the transform function, built by the infrastructure and
 * the local cloud with `transformEnvironment`, read back at cold start with
 * `parseTransformEnvironment`. The signing key comes either as a Secrets Manager secret
 * (AWS) or as the key itself (the local cloud).
 */
const transformEnvSchema = z
  .object({
    IMGPIPE_UPLOADS_BUCKET: z.string().min(3),
    IMGPIPE_PROCESSED_BUCKET: z.string().min(3),
    IMGPIPE_IMAGES_TABLE: z.string().min(3),
    IMGPIPE_LIMITS: z.string().transform(parseJson).pipe(limitsSchema),
    IMGPIPE_PROCESSING: z.string().transform(parseJson).pipe(processingSchema),
    IMGPIPE_TRANSFORM: z.string().transform(parseJson).pipe(transformSchema),
    IMGPIPE_SIGNING_KEY_SECRET_ARN: z.string().startsWith("arn:").optional(),
    IMGPIPE_SIGNING_KEY: z.string().min(16).optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  })
  .refine((env) => env.IMGPIPE_SIGNING_KEY_SECRET_ARN || env.IMGPIPE_SIGNING_KEY, {
    message: "set IMGPIPE_SIGNING_KEY_SECRET_ARN (or IMGPIPE_SIGNING_KEY locally)",
  });

export interface TransformFunctionSettings {
  uploadsBucket: string;
  processedBucket: string;
  imagesTable: string;
  limits: PipelineConfig["limits"];
  processing: PipelineConfig["processing"];
  transform: TransformSettings;
  signingKey: { secretArn: string } | { value: string };
  logLevel: string;
}

export interface TransformResources {
  uploadsBucket: string;
  processedBucket: string;
  imagesTable: string;
  /** AWS: the secret holding the key. Local: the key itself. */
  signingKey: { secretArn: string } | { value: string };
}

/** The environment variables that give the transform function its settings. */
export function transformEnvironment(
  config: PipelineConfig,
  resources: TransformResources,
): Record<string, string> {
  const { signingKey } = resources;
  return {
    IMGPIPE_UPLOADS_BUCKET: resources.uploadsBucket,
    IMGPIPE_PROCESSED_BUCKET: resources.processedBucket,
    IMGPIPE_IMAGES_TABLE: resources.imagesTable,
    IMGPIPE_LIMITS: JSON.stringify(config.limits),
    IMGPIPE_PROCESSING: JSON.stringify(config.processing),
    IMGPIPE_TRANSFORM: JSON.stringify(config.transform),
    ...("secretArn" in signingKey
      ? { IMGPIPE_SIGNING_KEY_SECRET_ARN: signingKey.secretArn }
      : { IMGPIPE_SIGNING_KEY: signingKey.value }),
  };
}

/** @throws ConfigError naming each missing or invalid variable */
export function parseTransformEnvironment(
  env: Record<string, string | undefined>,
): TransformFunctionSettings {
  const e = parseConfig(transformEnvSchema, env, "transform environment");
  return {
    uploadsBucket: e.IMGPIPE_UPLOADS_BUCKET,
    processedBucket: e.IMGPIPE_PROCESSED_BUCKET,
    imagesTable: e.IMGPIPE_IMAGES_TABLE,
    limits: e.IMGPIPE_LIMITS,
    processing: e.IMGPIPE_PROCESSING,
    transform: e.IMGPIPE_TRANSFORM,
    signingKey: e.IMGPIPE_SIGNING_KEY_SECRET_ARN
      ? { secretArn: e.IMGPIPE_SIGNING_KEY_SECRET_ARN }
      : { value: e.IMGPIPE_SIGNING_KEY ?? "" },
    logLevel: e.LOG_LEVEL,
  };
}
