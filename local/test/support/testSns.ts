import { SNSClient } from "@aws-sdk/client-sns";
import type { WebhookInput } from "@imgpipe/core";
import { pino } from "pino";
import { ActivityLog } from "../../src/activity/activityLog.js";
import { LOCAL_CREDENTIALS } from "../../src/settings.js";
import { startLocalSns } from "../../src/sns/startLocalSns.js";
import { localWebhooks } from "./webhooks.js";

export const TEST_TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:imgpipe-test-events";

/** The local SNS alone, on a free port, with its data in `dataDir`, and an SDK client for it. */
export async function startTestSns(dataDir: string, webhooks: WebhookInput[] = []) {
  const activity = await ActivityLog.open(`${dataDir}/activity.jsonl`);
  const sns = await startLocalSns({
    port: 0,
    dataDir,
    account: "000000000000",
    region: "us-east-1",
    topic: "imgpipe-test-events",
    webhooks: localWebhooks(webhooks),
    activity,
    logger: pino({ level: "silent" }),
  });
  const client = new SNSClient({
    endpoint: sns.endpoint,
    region: "us-east-1",
    credentials: LOCAL_CREDENTIALS,
  });
  return { sns, activity, client };
}
