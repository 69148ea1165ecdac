import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  type ApiResources,
  apiEnvironment,
  type PipelineConfig,
  processImageEnvironment,
  resourceName,
  transformEnvironment,
} from "@imgpipe/core";
import type { Logger } from "../logger.js";
import { LOCAL_CREDENTIALS } from "../settings.js";
import { type LocalFunctionDefinition, LocalLambda } from "./localLambda.js";

export interface LocalEndpoints {
  s3: string;
  dynamodb: string;
  sns: string;
}

export interface LocalResources {
  processedBucket: string;
  imagesTable: string;
  eventsTopicArn: string;
}

/** The built bundle of a function package: the same file that ships to Lambda. */
function bundleOf(packageName: string): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${packageName}/package.json`)), "dist", "index.mjs");
}

/**
 * What differs between AWS and here: endpoints and credentials, through the standard
 * AWS SDK environment variables. The function code reads nothing else.
 */
function awsEnvironment(endpoints: LocalEndpoints): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SNS: endpoints.sns,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    // Lambda runs Node 22, where the SDK's warning about older Node versions never fires.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // s3rver stores aws-chunked framing verbatim; send checksums only when required.
    AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
    AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
  };
}

/** Idle sandboxes are reclaimed after this long, which keeps an idle local cloud small. */
const IDLE_SANDBOX_MS = 60_000;

export function processImageFunction(options: {
  config: PipelineConfig;
  endpoints: LocalEndpoints;
  resources: LocalResources;
  logLevel: string;
  logger: Logger;
}): LocalLambda {
  // As on Lambda: the timeout also bounds how long a crashed invocation holds a row.
  return localFunction(options, {
    name: "process-image",
    packageName: "@imgpipe/process-image",
    environment: processImageEnvironment(options.config, options.resources),
    size: options.config.functions.processImage,
    concurrency: 2,
  });
}

/** The API function: its bundle behind the local gateway, as behind API Gateway. */
export function apiFunction(options: {
  config: PipelineConfig;
  endpoints: LocalEndpoints;
  resources: ApiResources;
  logLevel: string;
  logger: Logger;
}): LocalLambda {
  return localFunction(options, {
    name: "api",
    packageName: "@imgpipe/api",
    environment: apiEnvironment(options.config, options.resources),
    size: options.config.functions.api,
    concurrency: 4,
  });
}

/**
 * The transform function behind the CDN's `/t/*`, as its built bundle. Locally its
 * signing key is handed over in the environment (in AWS: a Secrets Manager secret).
 */
export function transformFunction(options: {
  config: PipelineConfig;
  endpoints: LocalEndpoints;
  resources: LocalResources & { uploadsBucket: string };
  signingKey: string;
  logLevel: string;
  logger: Logger;
  /** Sandboxes at once; 2 by default. */
  concurrency?: number;
}): LocalLambda {
  const { config, resources, signingKey } = options;
  return localFunction(options, {
    name: "transform",
    packageName: "@imgpipe/transform",
    environment: transformEnvironment(config, { ...resources, signingKey: { value: signingKey } }),
    size: config.functions.transform,
    concurrency: options.concurrency ?? 2,
  });
}

/** One function package run as its built bundle, sized by the config as on Lambda. */
function localFunction(
  options: { config: PipelineConfig; endpoints: LocalEndpoints; logLevel: string; logger: Logger },
  fn: {
    name: string;
    packageName: string;
    environment: Record<string, string>;
    size: { timeoutSeconds: number; memoryMb: number };
    concurrency: number;
  },
): LocalLambda {
  const definition: LocalFunctionDefinition = {
    name: resourceName(options.config, fn.name),
    entry: bundleOf(fn.packageName),
    handler: "handler",
    region: options.config.region,
    environment: {
      ...fn.environment,
      ...awsEnvironment(options.endpoints),
      LOG_LEVEL: options.logLevel,
    },
    timeoutMs: fn.size.timeoutSeconds * 1000,
    memoryMb: fn.size.memoryMb,
    concurrency: fn.concurrency,
    idleTimeoutMs: IDLE_SANDBOX_MS,
    logger: options.logger,
  };
  return new LocalLambda(definition);
}
