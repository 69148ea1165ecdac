import * as z from "zod";
import { limitsSchema } from "./limits.js";
import { logLevelSchema, parseConfig, parseJson } from "./parseConfig.js";
import type { PipelineConfig } from "./pipelineConfig.js";
import { processingSchema } from "./processing.js";
import { variantListSchema } from "./variants.js";

/**
 * The environment variables of the process-image function. The infrastructure and the
 * local cloud build them with `processImageEnvironment`; the function reads them back
 * with `parseProcessImageEnvironment` at cold start. Nothing else sets them.
 */
const processImageEnvSchema = z.object({
  IMGPIPE_PROCESSED_BUCKET: z.string().min(3),
  IMGPIPE_IMAGES_TABLE: z.string().min(3),
  IMGPIPE_EVENTS_TOPIC_ARN: z.string().startsWith("arn:"),
  IMGPIPE_VARIANTS: z.string().transform(parseJson).pipe(variantListSchema),
  IMGPIPE_LIMITS: z.string().transform(parseJson).pipe(limitsSchema),
  IMGPIPE_PROCESSING: z.string().transform(parseJson).pipe(processingSchema),
  LOG_LEVEL: logLevelSchema,
});

export interface ProcessImageSettings {
  processedBucket: string;
  imagesTable: string;
  eventsTopicArn: string;
  variants: PipelineConfig["variants"];
  limits: PipelineConfig["limits"];
  processing: PipelineConfig["processing"];
  logLevel: string;
}

export interface ProcessImageResources {
  processedBucket: string;
  imagesTable: string;
  eventsTopicArn: string;
}

/** The environment variables that give process-image its settings. */
export function processImageEnvironment(
  config: PipelineConfig,
  resources: ProcessImageResources,
): Record<string, string> {
  return {
    IMGPIPE_PROCESSED_BUCKET: resources.processedBucket,
    IMGPIPE_IMAGES_TABLE: resources.imagesTable,
    IMGPIPE_EVENTS_TOPIC_ARN: resources.eventsTopicArn,
    IMGPIPE_VARIANTS: JSON.stringify(config.variants),
    IMGPIPE_LIMITS: JSON.stringify(config.limits),
    IMGPIPE_PROCESSING: JSON.stringify(config.processing),
  };
}

/** @throws ConfigError naming each missing or invalid variable */
export function parseProcessImageEnvironment(
  env: Record<string, string | undefined>,
): ProcessImageSettings {
  const e = parseConfig(processImageEnvSchema, env, "process-image environment");
  return {
    processedBucket: e.IMGPIPE_PROCESSED_BUCKET,
    imagesTable: e.IMGPIPE_IMAGES_TABLE,
    eventsTopicArn: e.IMGPIPE_EVENTS_TOPIC_ARN,
    variants: e.IMGPIPE_VARIANTS,
    limits: e.IMGPIPE_LIMITS,
    processing: e.IMGPIPE_PROCESSING,
    logLevel: e.LOG_LEVEL,
  };
}
