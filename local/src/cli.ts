#!/usr/bin/env node
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { readPipelineConfigFile } from "@imgpipe/core";
import { type LocalCloud, startLocalCloud } from "./localCloud.js";
import { createLocalLogger } from "./logger.js";
import { dataDirFromEnvironment, LOCAL_CREDENTIALS, portsFromEnvironment } from "./settings.js";

const USAGE = `Usage: imgpipe start [--reset] [--config config/local.json]

  start     run the local cloud until Ctrl-C
  --reset   delete the local data folder first
  --config  the environment config to run (default: config/local.json)

Environment: IMGPIPE_S3_PORT, IMGPIPE_DYNAMODB_PORT, IMGPIPE_SNS_PORT, IMGPIPE_DATA_DIR, LOG_LEVEL`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      reset: { type: "boolean", default: false },
      config: { type: "string", default: "config/local.json" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals[0] !== "start") {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = readPipelineConfigFile(resolve(values.config));
  const dataDir = dataDirFromEnvironment(process.env);
  if (values.reset) await rm(dataDir, { recursive: true, force: true });
  const logLevel = process.env.LOG_LEVEL ?? "info";
  const logger = createLocalLogger(logLevel, process.stdout.isTTY === true);
  const cloud = await startLocalCloud({
    config,
    dataDir,
    ports: portsFromEnvironment(process.env),
    logger,
    functionLogLevel: logLevel,
  });
  printEndpoints(cloud, dataDir);
  const shutdown = async () => {
    console.log("\nStopping: finishing the uploads in progress…");
    await cloud.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

function printEndpoints(cloud: LocalCloud, dataDir: string): void {
  const { endpoints, resources } = cloud;
  const rows = [
    ["S3", endpoints.s3, `buckets ${resources.uploadsBucket}, ${resources.processedBucket}`],
    ["DynamoDB", endpoints.dynamodb, `table ${resources.imagesTable}`],
    ["SNS", endpoints.sns, `topic ${resources.eventsTopicArn}`],
  ];
  const width = Math.max(...rows.map((r) => (r[1] ?? "").length));
  console.log("\nimgpipe local cloud is running\n");
  for (const [service, url, what] of rows) {
    console.log(`  ${service?.padEnd(9)} ${url?.padEnd(width)}  ${what}`);
  }
  console.log(`\n  data      ${dataDir}`);
  console.log(
    `  credentials AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
  );
  console.log(
    `\nTry: aws --endpoint-url ${endpoints.s3} s3 cp photo.jpg s3://${resources.uploadsBucket}/uploads/demo/first-photo/photo.jpg\nPress Ctrl-C to stop.\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
