import { fileURLToPath } from "node:url";
import { type PipelineConfigInput, parsePipelineConfig } from "@imgpipe/core";
import { Testing } from "cdktf";
import { bootstrapConfig, deployedConfigs } from "../app.js";
import { BootstrapStack, bootstrapStackName } from "../bootstrapStack.js";
import { PipelineStack, pipelineStackName } from "../pipelineStack.js";
import { synthesizeStack, type TerraformJson } from "./terraformJson.js";

const configDir = fileURLToPath(new URL("../../config", import.meta.url));

/** Configs that switch on what the repository's configs leave off. */
export const CONFIG_VARIANTS: Record<string, PipelineConfigInput> = {
  everything: {
    environment: "full",
    region: "eu-west-1",
    corsOrigins: ["https://app.example.com"],
    webhooks: [
      { name: "all", url: "https://hooks.example.com/all" },
      {
        name: "failures",
        url: "https://hooks.example.com/failures",
        events: ["image.failed"],
        owners: ["alice"],
        rawDelivery: true,
        delivery: { retries: 5, maxReceivesPerSecond: 2 },
      },
    ],
    auth: { provider: "cognito", callbackUrls: ["https://app.example.com/callback"] },
    domain: { name: "images.example.com", hostedZoneId: "Z0123456789ABC" },
    retention: { originalsDays: 30 },
    alarms: { email: "oncall@example.com" },
  },
  "oidc-and-certificate": {
    environment: "oidc",
    auth: { provider: "oidc", issuer: "https://login.example.com/", audience: ["imgpipe"] },
    domain: {
      name: "images.example.com",
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c",
    },
  },
  minimal: { environment: "minimal", features: { api: false, transform: false } },
};

export interface SynthesizedStack {
  readonly name: string;
  readonly tf: TerraformJson;
}

let synthesized: SynthesizedStack[] | undefined;

/**
 * The bootstrap stack, the stack of every config in `config/`, and stacks of configs that
 * turn every switch on and off, synthesized once per test file.
 */
export function allStacks(): SynthesizedStack[] {
  synthesized ??= build();
  return synthesized;
}

function build(): SynthesizedStack[] {
  const bootstrap = bootstrapConfig(configDir);
  const configs = [
    ...deployedConfigs(configDir),
    ...Object.entries(CONFIG_VARIANTS).map(([name, input]) => parsePipelineConfig(input, name)),
  ];
  const bootstrapStack = new BootstrapStack(Testing.app(), bootstrapStackName(bootstrap), {
    bootstrap,
    environments: configs.map((config) => config.environment),
    localStatePath: "terraform.tfstate",
  });
  return [
    { name: bootstrapStackName(bootstrap), tf: synthesizeStack(bootstrapStack) },
    ...configs.map((config) => {
      const name = pipelineStackName(config);
      const stack = new PipelineStack(Testing.app(), name, { config, bootstrap });
      return { name, tf: synthesizeStack(stack) };
    }),
  ];
}
