import * as z from "zod";
import {
  alarmsSchema,
  apiSchema,
  authSchema,
  domainSchema,
  featuresSchema,
  functionsSchema,
  retentionSchema,
} from "./deployment.js";
import { limitsSchema } from "./limits.js";
import { parseConfig } from "./parseConfig.js";
import { processingSchema } from "./processing.js";
import { transformSchema } from "./transform.js";
import { DEFAULT_VARIANTS, variantListSchema } from "./variants.js";
import { checkWebhooks, webhookSchema } from "./webhooks.js";

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,20}$/, "use 2–21 lowercase letters, digits and dashes");

/**
 * One environment of imgpipe (`config/<environment>.json`). The infrastructure, the
 * functions (through their environment variables) and the local cloud all derive their
 * settings from this one object.
 */
export const pipelineConfigSchema = z
  .object({
    project: slug.default("imgpipe"),
    environment: slug,
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "use an AWS region such as eu-west-1")
      .default("us-east-1"),
    variants: variantListSchema.prefault(DEFAULT_VARIANTS),
    limits: limitsSchema.prefault({}),
    processing: processingSchema.prefault({}),
    webhooks: z.array(webhookSchema).default([]),
    corsOrigins: z
      .array(
        z
          .url({ protocol: /^https?$/ })
          .refine(
            (url) => new URL(url).origin === url,
            "an origin is scheme://host[:port], no path",
          ),
      )
      .default([]),
    features: featuresSchema.prefault({}),
    /** On-demand transforms under `/t/*`: signatures and limits. */
    transform: transformSchema.prefault({}),
    auth: authSchema.prefault({ provider: "cognito" }),
    /** The CDN's custom domain; the CloudFront name only when left out. */
    domain: domainSchema.optional(),
    functions: functionsSchema.prefault({}),
    retention: retentionSchema.prefault({}),
    api: apiSchema.prefault({}),
    alarms: alarmsSchema.prefault({}),
    /**
     * Keep the buckets' objects and the table when the stack is destroyed. Off only where
     * data is disposable (dev): then `destroy` empties and deletes them.
     */
    deletionProtection: z.boolean().default(true),
  })
  .superRefine((config, context) => checkWebhooks(config.webhooks, config.environment, context));

export type PipelineConfig = z.output<typeof pipelineConfigSchema>;
export type PipelineConfigInput = z.input<typeof pipelineConfigSchema>;

/**
 * Validates a raw environment config and fills in the defaults.
 *
 * @param source where the config came from, named in the error message
 * @throws ConfigError listing every invalid field
 * @example
 * const config = parsePipelineConfig({ environment: "dev" }, "config/dev.json");
 * config.variants.map((v) => v.name); // ["thumb", "medium", "large"]
 */
export function parsePipelineConfig(raw: unknown, source = "config"): PipelineConfig {
  return parseConfig(pipelineConfigSchema, raw, `imgpipe config in ${source}`);
}

/** The base name of a resource of this environment, e.g. `imgpipe-dev-uploads`. */
export function resourceName(
  config: Pick<PipelineConfig, "project" | "environment">,
  part: string,
) {
  return `${config.project}-${config.environment}-${part}`;
}
