import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { readPipelineConfigFile, resourceName } from "@imgpipe/core";
import { type LocalCloud, type Owed, startLocalCloud } from "../localCloud.js";
import { createLocalLogger } from "../logger.js";
import { dataDirFromEnvironment, LOCAL_CREDENTIALS, portsFromEnvironment } from "../settings.js";
import { table } from "./format.js";

export interface StartOptions {
  configFile: string;
  reset: boolean;
  /** The built SPA; frontend/dist when it exists. */
  spaDir: string | undefined;
}

/**
 * `imgpipe start`: runs the local cloud until Ctrl-C (or SIGTERM), then stops it in
 * order; a second Ctrl-C stops at once, and the next start delivers what was left.
 */
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
  // One write: whoever reads the output (a test, a log shipper) gets the banner and what
  // is resumed together.
  const resumed = resumeReport(cloud.resumed);
  const banner = startBanner(cloud, { dataDir, spaDir, seconds: process.uptime() }, config);
  console.log(resumed ? `${banner}\n${resumed}` : banner);
  let stopping = false;
  const shutdown = () => {
    if (stopping) {
      // Everything owed is in the journal already: nothing is lost by leaving now.
      console.log("\nStopped at once; the next start delivers what was left.");
      process.exit(130);
    }
    stopping = true;
    console.log("\nStopping: finishing the uploads in progress… (Ctrl-C again to stop at once)");
    cloud.stop().then(
      () => {
        console.log(stopReport(cloud.owed()));
        process.exit(0);
      },
      (error: unknown) => {
        console.error("Could not stop cleanly:", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/** What a start delivers again from the last run; empty when it left nothing. */
export function resumeReport(resumed: Owed & { heldRows: number }): string {
  const parts = [
    count(resumed.events, "upload event"),
    count(resumed.notifications, "webhook notification"),
    count(resumed.heldRows, "image left mid-processing", "images left mid-processing"),
  ].filter(Boolean);
  return parts.length > 0 ? `Resuming from the last run: ${parts.join(", ")}.\n` : "";
}

/** What a stop left for the next start. */
export function stopReport(owed: Owed): string {
  const parts = [
    count(owed.events, "upload event"),
    count(owed.notifications, "webhook notification"),
  ].filter(Boolean);
  return parts.length > 0
    ? `Stopped. Saved for the next start: ${parts.join(", ")}.`
    : "Stopped. Nothing was left undelivered.";
}

function count(n: number, one: string, many = `${one}s`): string {
  return n === 0 ? "" : `${n} ${n === 1 ? one : many}`;
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
