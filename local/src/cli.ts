#!/usr/bin/env -S node --openssl-legacy-provider
import { type ParseArgsConfig, parseArgs } from "node:util";
import { eventsCommand } from "./cli/eventsCommand.js";
import { LocalCloudClient } from "./cli/localCloudClient.js";
import { lsCommand } from "./cli/lsCommand.js";
import { redriveAwsCommand, redriveCommand } from "./cli/redriveCommand.js";
import { reprocessCommand } from "./cli/reprocessCommand.js";
import { startCommand } from "./cli/startCommand.js";
import { tokenCommand } from "./cli/tokenCommand.js";
import { uploadCommand } from "./cli/uploadCommand.js";
import { CliError, LocalCloudError } from "./errors.js";
import { portsFromEnvironment } from "./settings.js";

const USAGE = `Usage: imgpipe <command> [options]

  start [--reset] [--config config/local.json] [--spa frontend/dist]
                      run the local cloud until Ctrl-C; --reset wipes the data folder first
  upload <files…> [--owner demo] [--id <imageId>]
                      upload images, wait for them, print their variant URLs
  ls [--owner <ownerId>]
                      list the images and their status
  events [--limit 50] [--dead-letters]
                      show webhook deliveries, retries and dead letters (only those)
  redrive [<id>…]     send webhook dead letters again (all, or those named), signed afresh
  redrive --aws [--config config/prod.json] [--bootstrap config/bootstrap.json]
                      publish the deployed webhooks DLQ's events to the topic again
  reprocess <imageId> [--owner <ownerId>] | reprocess --all
                      send uploads through the pipeline again
  token <user> [--scope <scope>…] [--expires <seconds>]
                      print a bearer token from the local dev issuer

Environment: IMGPIPE_S3_PORT, IMGPIPE_DYNAMODB_PORT, IMGPIPE_SNS_PORT, IMGPIPE_API_PORT,
IMGPIPE_CDN_PORT, IMGPIPE_DATA_DIR, LOG_LEVEL`;

const OPTIONS = {
  reset: { type: "boolean", default: false },
  config: { type: "string", default: "config/local.json" },
  spa: { type: "string" },
  owner: { type: "string" },
  id: { type: "string" },
  all: { type: "boolean", default: false },
  aws: { type: "boolean", default: false },
  bootstrap: { type: "string", default: "config/bootstrap.json" },
  "dead-letters": { type: "boolean", default: false },
  limit: { type: "string", default: "50" },
  scope: { type: "string", multiple: true, default: [] as string[] },
  expires: { type: "string" },
  timeout: { type: "string", default: "60" },
  help: { type: "boolean", short: "h", default: false },
} satisfies ParseArgsConfig["options"];

// The tools support Node 20 (see engines) with the SDK versions the lockfile pins; the
// SDK's notice about its future releases would only bury the endpoint table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  if (command === "start") {
    return startCommand({ configFile: values.config, reset: values.reset, spaDir: values.spa });
  }
  const cloud = () => LocalCloudClient.connect(portsFromEnvironment(process.env).api);
  switch (command) {
    case "upload":
      return uploadCommand(await cloud(), {
        files: rest,
        ownerId: values.owner ?? "demo",
        imageId: values.id,
        timeoutMs: Number(values.timeout) * 1000,
      });
    case "ls":
      return lsCommand(await cloud(), values.owner);
    case "events":
      return eventsCommand(await cloud(), {
        limit: Number(values.limit),
        deadLettersOnly: values["dead-letters"],
      });
    case "redrive":
      return values.aws
        ? redriveAwsCommand({ config: values.config, bootstrap: values.bootstrap })
        : redriveCommand(await cloud(), rest);
    case "reprocess": {
      const [imageId] = rest;
      if (!values.all && !imageId)
        throw new CliError("no_selector", "Name an image id, or --all", 2);
      const selector = values.all
        ? ({ all: true } as const)
        : { imageId: imageId ?? "", ...(values.owner && { ownerId: values.owner }) };
      return reprocessCommand(await cloud(), selector);
    }
    case "token": {
      const [user] = rest;
      if (!user) throw new CliError("no_user", "Name the user: imgpipe token alice", 2);
      const expires = values.expires === undefined ? undefined : Number(values.expires);
      return tokenCommand(await cloud(), user, values.scope, expires);
    }
    default:
      throw new CliError("unknown_command", `Unknown command "${command}"\n\n${USAGE}`, 2);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof LocalCloudError && error.status < 100 ? error.status : 1);
});
