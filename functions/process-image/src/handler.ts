import { loadOnce, type ObjectCreatedEvent, parseProcessImageEnvironment } from "@imgpipe/core";
import type { Context } from "aws-lambda";
import { createLogger } from "./logger.js";
import { type ProcessOutcome, processUpload } from "./processUpload.js";

// Cold start: settings, once per process; a bad environment fails here. The SDK clients
// are loaded by the first event (see stores.ts), then kept.
const settings = parseProcessImageEnvironment(process.env);
const logger = createLogger(settings.logLevel);
const stores = loadOnce(() => import("./stores.js").then((m) => m.createStores(settings)));

/** EventBridge target for "Object Created" events of the uploads bucket. */
export async function handler(
  event: ObjectCreatedEvent,
  context: Context,
): Promise<ProcessOutcome> {
  return processUpload(event, {
    settings,
    ...(await stores()),
    logger: logger.child({ requestId: context.awsRequestId }),
    now: () => new Date(),
    deadline: Date.now() + context.getRemainingTimeInMillis(),
  });
}
