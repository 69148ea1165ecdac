import { parsePipelineConfig, type Webhook, type WebhookInput } from "@imgpipe/core";

/** Config webhooks of the local environment, defaults filled in as the config file would. */
export function localWebhooks(webhooks: WebhookInput[]): Webhook[] {
  return parsePipelineConfig({ environment: "local", webhooks }, "test").webhooks;
}
