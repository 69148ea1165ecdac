import {
  type BootstrapConfig,
  type PipelineConfigInput,
  parseBootstrapConfig,
  parsePipelineConfig,
} from "@imgpipe/core";
import { Testing } from "cdktf";
import { PipelineStack, pipelineStackName } from "../pipelineStack.js";
import { synthesizeStack } from "./terraformJson.js";

export const TEST_BOOTSTRAP: BootstrapConfig = parseBootstrapConfig(
  {
    region: "eu-west-1",
    awsAccountId: "123456789012",
    github: { owner: "acme", repo: "imgpipe" },
  },
  "test",
);

/** A pipeline stack of `config` (eu-west-1, environment dev unless given), synthesized. */
export function synthesizePipeline(config: Partial<PipelineConfigInput> = {}) {
  const parsed = parsePipelineConfig(
    { environment: "dev", region: "eu-west-1", ...config },
    "test",
  );
  const stack = new PipelineStack(Testing.app(), pipelineStackName(parsed), {
    config: parsed,
    bootstrap: TEST_BOOTSTRAP,
  });
  return { config: parsed, stack, tf: synthesizeStack(stack) };
}
