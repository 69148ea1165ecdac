import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DeployError, stackOf } from "./deploy.js";

const projectDir = fileURLToPath(new URL("../..", import.meta.url));

describe("stackOf", () => {
  it("deploys the bootstrap stack or an environment of config/", () => {
    expect(stackOf(projectDir, "bootstrap")).toBe("imgpipe-bootstrap");
    expect(stackOf(projectDir, "prod")).toBe("imgpipe-prod");
  });

  it("refuses an environment with no config, listing the ones there are", () => {
    expect(() => stackOf(projectDir, "staging")).toThrow(DeployError);
    expect(() => stackOf(projectDir, "local")).toThrow(/use bootstrap or one of dev, prod/);
  });
});
