import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  parseBootstrapConfig,
  readBootstrapConfigFile,
  stateBucketName,
} from "../../src/index.js";
import { thrownBy } from "../expectError.js";

const RAW = { awsAccountId: "123456789012", github: { owner: "acme", repo: "imgpipe" } };

describe("parseBootstrapConfig", () => {
  it("fills in the project and the region", () => {
    const config = parseBootstrapConfig(RAW);

    expect(config).toEqual({ ...RAW, project: "imgpipe", region: "us-east-1" });
  });

  it("refuses an account id that is not 12 digits", () => {
    const raw = { ...RAW, awsAccountId: "1234" };

    const error = thrownBy(ConfigError, () => parseBootstrapConfig(raw, "config/bootstrap.json"));

    expect(error.message).toContain("Invalid imgpipe bootstrap config in config/bootstrap.json");
    expect(error.message).toContain("→ at awsAccountId");
  });

  it("refuses a repository given as owner/repo", () => {
    const raw = { ...RAW, github: { owner: "acme", repo: "acme/imgpipe" } };

    const error = thrownBy(ConfigError, () => parseBootstrapConfig(raw));

    expect(error.message).toContain("→ at github.repo");
  });
});

describe("readBootstrapConfigFile", () => {
  it("reads and validates a file", () => {
    const dir = mkdtempSync(join(tmpdir(), "imgpipe-bootstrap-"));
    try {
      const file = join(dir, "bootstrap.json");
      writeFileSync(file, JSON.stringify(RAW));

      expect(readBootstrapConfigFile(file).github).toEqual(RAW.github);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names a file it cannot read", () => {
    const error = thrownBy(ConfigError, () => readBootstrapConfigFile("missing/bootstrap.json"));

    expect(error.message).toContain("missing/bootstrap.json");
  });
});

describe("stateBucketName", () => {
  it("is unique per account and region, and short enough for S3", () => {
    const name = stateBucketName({
      project: "a-twenty-one-chars-pj",
      awsAccountId: "123456789012",
      region: "ap-southeast-2",
    });

    expect(name).toBe("a-twenty-one-chars-pj-tfstate-123456789012-ap-southeast-2");
    expect(name.length).toBeLessThanOrEqual(63);
  });
});
