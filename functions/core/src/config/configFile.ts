import { readFileSync } from "node:fs";
import { ConfigError } from "../errors.js";
import { type PipelineConfig, parsePipelineConfig } from "./pipelineConfig.js";

/** Reads and validates an environment config file (JSON). */
export function readPipelineConfigFile(path: string): PipelineConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new ConfigError(`Cannot read the imgpipe config file ${path}`, { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`The imgpipe config file ${path} is not valid JSON`, { cause });
  }
  return parsePipelineConfig(raw, path);
}
