import * as z from "zod";
import { limitsSchema } from "./limits.js";
import { logLevelSchema, parseConfig, parseJson } from "./parseConfig.js";
import type { PipelineConfig } from "./pipelineConfig.js";
import { processingSchema } from "./processing.js";
import {
  MISSING_SIGNING_KEY,
  type SigningKeySource,
  signingKeyEnvFields,
  signingKeyEnvironment,
  signingKeySourceOf,
} from "./signingKeySource.js";
import { type TransformSettings, transformSchema } from "./transform.js";

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
    ...signingKeyEnvFields,
    LOG_LEVEL: logLevelSchema,
  })
  .refine((env) => signingKeySourceOf(env) !== undefined, { message: MISSING_SIGNING_KEY });

export interface TransformFunctionSettings {
  uploadsBucket: string;
  processedBucket: string;
  imagesTable: string;
  limits: PipelineConfig["limits"];
  processing: PipelineConfig["processing"];
  transform: TransformSettings;
  signingKey: SigningKeySource;
  logLevel: string;
}

export interface TransformResources {
  uploadsBucket: string;
  processedBucket: string;
  imagesTable: string;
  /** AWS: the secret holding the key. Local: the key itself. */
  signingKey: SigningKeySource;
}

/** The environment variables that give the transform function its settings. */
export function transformEnvironment(
  config: PipelineConfig,
  resources: TransformResources,
): Record<string, string> {
  return {
    IMGPIPE_UPLOADS_BUCKET: resources.uploadsBucket,
    IMGPIPE_PROCESSED_BUCKET: resources.processedBucket,
    IMGPIPE_IMAGES_TABLE: resources.imagesTable,
    IMGPIPE_LIMITS: JSON.stringify(config.limits),
    IMGPIPE_PROCESSING: JSON.stringify(config.processing),
    IMGPIPE_TRANSFORM: JSON.stringify(config.transform),
    ...signingKeyEnvironment(resources.signingKey),
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
    // The schema's refinement makes sure there is one.
    signingKey: signingKeySourceOf(e) ?? { value: "" },
    logLevel: e.LOG_LEVEL,
  };
}
