import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, readPipelineConfigFile } from "../../src/index.js";
import { thrownBy } from "../expectError.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "imgpipe-config-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("readPipelineConfigFile", () => {
  it("reads a valid file and fills in the defaults", () => {
    const path = writeConfig(
      "dev.json",
      JSON.stringify({ environment: "dev", region: "eu-west-1" }),
    );

    const config = readPipelineConfigFile(path);

    expect(config.environment).toBe("dev");
    expect(config.region).toBe("eu-west-1");
    expect(config.variants.map((v) => v.name)).toEqual(["thumb", "medium", "large"]);
  });

  it.each(["dev", "local", "prod"])("reads the repository's config/%s.json", (name) => {
    const path = fileURLToPath(new URL(`../../../../config/${name}.json`, import.meta.url));

    const config = readPipelineConfigFile(path);

    expect(config.environment).toBe(name);
    expect(config.variants.map((v) => v.name)).toEqual(["thumb", "medium", "large"]);
  });

  it("says it cannot read a file that does not exist, naming the path", () => {
    const path = join(dir, "missing.json");

    const error = thrownBy(ConfigError, () => readPipelineConfigFile(path));

    expect(error.code).toBe("invalid_config");
    expect(error.message).toBe(`Cannot read the imgpipe config file ${path}`);
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOENT");
  });

  it("says a file is not valid JSON, naming the path", () => {
    const path = writeConfig("broken.json", '{ "environment": "dev", }');

    const error = thrownBy(ConfigError, () => readPipelineConfigFile(path));

    expect(error.message).toBe(`The imgpipe config file ${path} is not valid JSON`);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("lists the invalid fields of valid JSON, naming the path as the source", () => {
    const path = writeConfig(
      "invalid.json",
      JSON.stringify({ environment: "dev", variants: [{ name: "thumb" }] }),
    );

    const error = thrownBy(ConfigError, () => readPipelineConfigFile(path));

    expect(error.message).toContain(`Invalid imgpipe config in ${path}`);
    expect(error.message).toContain("a variant needs a width, a height or both");
    expect(error.message).toContain("→ at variants[0]");
  });

  it("rejects an empty file as invalid JSON", () => {
    const path = writeConfig("empty.json", "");

    const error = thrownBy(ConfigError, () => readPipelineConfigFile(path));

    expect(error.message).toContain("is not valid JSON");
  });
});
