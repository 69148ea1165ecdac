import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import {
  LOCAL_ENVIRONMENT,
  readBootstrapConfigFile,
  readPipelineConfigFile,
  resourceName,
} from "@imgpipe/core";
import { redriveWebhookDlq } from "../aws/webhookDlqRedrive.js";
import { CliError } from "../errors.js";
import type { RedriveResult } from "../sns/webhookDeadLetters.js";
import type { LocalCloudClient } from "./localCloudClient.js";

/**
 * `imgpipe redrive [id…]`: sends webhook dead letters (all, or those named) to their
 * webhooks again, signed afresh. One that fails again is dead-lettered again.
 */
export async function redriveCommand(cloud: LocalCloudClient, ids: readonly string[]) {
  const { sent, orphans } = await cloud.control<RedriveResult>("/_local/redrive", {
    method: "POST",
    body: ids.length > 0 ? { ids } : {},
  });
  if (sent.length === 0 && orphans.length === 0) console.log("No webhook dead letters to redrive.");
  for (const letter of sent) {
    console.log(`sent again  ${letter.id}  ${letter.message.MessageId} → ${letter.endpoint}`);
  }
  for (const letter of orphans) {
    console.log(`kept        ${letter.id}  its subscription to ${letter.endpoint} is gone`);
  }
  if (sent.length > 0) console.log("Follow the deliveries with `imgpipe events`.");
}

/**
 * `imgpipe redrive --aws --config config/prod.json`: moves the deployed environment's
 * webhooks dead-letter queue back through its events topic, with the AWS credentials of
 * the shell (sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueUrl on the queue,
 * sns:Publish on the topic).
 */
export async function redriveAwsCommand(files: { config: string; bootstrap: string }) {
  const config = readPipelineConfigFile(files.config);
  if (config.environment === LOCAL_ENVIRONMENT) {
    throw new CliError(
      "local_config",
      "redrive --aws needs a deployed environment's config, e.g. --config config/prod.json; the local cloud's dead letters are redriven without --aws.",
      2,
    );
  }
  const { awsAccountId } = readBootstrapConfigFile(files.bootstrap);
  const target = {
    queueName: resourceName(config, "webhook-dead-letters"),
    topicArn: `arn:aws:sns:${config.region}:${awsAccountId}:${resourceName(config, "image-events")}`,
  };
  const clients = {
    sqs: new SQSClient({ region: config.region }),
    sns: new SNSClient({ region: config.region }),
  };
  const { republished, unreadable } = await redriveWebhookDlq(clients, target);
  console.log(
    `${republished.length} event(s) from ${target.queueName} published to ${target.topicArn} again.`,
  );
  if (unreadable.length > 0) {
    console.log(
      `${unreadable.length} message(s) are no imgpipe event and stay in the queue: ${unreadable.join(", ")}`,
    );
  }
}
