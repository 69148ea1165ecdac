import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { readPipelineConfigFile, resourceName } from "@imgpipe/core";
import { type LocalCloud, startLocalCloud } from "../localCloud.js";
import { createLocalLogger } from "../logger.js";
import { dataDirFromEnvironment, LOCAL_CREDENTIALS, portsFromEnvironment } from "../settings.js";
import { table } from "./format.js";

export interface StartOptions {
  configFile: string;
  reset: boolean;
  /** The built SPA; frontend/dist when it exists. */
  spaDir: string | undefined;
}

/** `imgpipe start`: runs the local cloud until Ctrl-C. */
export async function startCommand(options: StartOptions) {
  const config = readPipelineConfigFile(resolve(options.configFile));
  const env = process.env;
  const dataDir = dataDirFromEnvironment(env);
  if (options.reset) await rm(dataDir, { recursive: true, force: true });
  const logLevel = env.LOG_LEVEL ?? "info";
  const logger = createLocalLogger(logLevel, process.stdout.isTTY === true);
  const spaDir =
    options.spaDir ?? (existsSync("frontend/dist") ? resolve("frontend/dist") : undefined);
  const cloud = await startLocalCloud({
    config,
    dataDir,
    ports: portsFromEnvironment(env),
    logger,
    functionLogLevel: logLevel,
    spaDir,
  });
  console.log(startBanner(cloud, { dataDir, spaDir, seconds: process.uptime() }, config));
  const shutdown = async () => {
    console.log("\nStopping: finishing the uploads in progress…");
    await cloud.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

/** The one table of endpoints printed at start, with what a developer needs next. */
export function startBanner(
  cloud: Pick<LocalCloud, "endpoints" | "resources">,
  run: { dataDir: string; spaDir: string | undefined; seconds: number },
  config: Parameters<typeof resourceName>[0],
): string {
  const { endpoints: e, resources: r } = cloud;
  const rows = [
    ["SERVICE", "ENDPOINT", "WHAT"],
    ["S3", e.s3, `buckets ${r.uploadsBucket}, ${r.processedBucket}`],
    ["DynamoDB", e.dynamodb, `table ${r.imagesTable}`],
    ["SNS", e.sns, `topic ${r.eventsTopicArn}`],
    [
      "EventBridge",
      "(in-process)",
      `rule ${resourceName(config, "new-upload")} → ${resourceName(config, "process-image")}`,
    ],
    ["API Gateway", e.api, `JWT issuer ${e.api}/_local/issuer (npx imgpipe token <user>)`],
    ["CloudFront", e.cdn, `/images/*, /t/*, SPA ${run.spaDir ?? "(none built)"}`],
  ];
  const { accessKeyId, secretAccessKey } = LOCAL_CREDENTIALS;
  return [
    `\nimgpipe local cloud is running (ready ${run.seconds.toFixed(1)} s after launch)\n`,
    table(rows)
      .split("\n")
      .map((line) => `  ${line}`)
      .join("\n"),
    `\n  data in ${run.dataDir}; credentials AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey}`,
    `\nTry: npx imgpipe upload photo.jpg    (then: npx imgpipe ls, npx imgpipe events)`,
    `API docs: ${e.api}/docs`,
    "Press Ctrl-C to stop.\n",
  ].join("\n");
}
