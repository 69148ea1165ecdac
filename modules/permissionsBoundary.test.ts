import { permissionsBoundaryArn } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { boundaryStatements } from "./ciPolicies.js";
import { allStacks } from "./testing/allStacks.js";
import { TEST_BOOTSTRAP } from "./testing/fixtures.js";
import { actionCovers, blocksOfType, policyStatements } from "./testing/terraformJson.js";

const pipelineStacks = allStacks().filter(({ name }) => name !== "imgpipe-bootstrap");

describe.each(pipelineStacks)("the roles of $name", ({ name, tf }) => {
  const environment = name.replace(/^imgpipe-/, "");

  it("all carry the environment's permissions boundary", () => {
    const roles = blocksOfType(tf, "aws_iam_role");

    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      expect(role.permissions_boundary, String(role.name)).toBe(
        permissionsBoundaryArn(TEST_BOOTSTRAP, environment),
      );
    }
  });

  it("are granted no action their boundary leaves out (AWS would deny it at run time)", () => {
    const bounded = boundaryStatements({
      project: "imgpipe",
      environment,
      account: "123456789012",
    }).flatMap((statement) => statement.actions ?? []);

    for (const policy of blocksOfType(tf, "aws_iam_role_policy")) {
      for (const statement of policyStatements(tf, policy.policy)) {
        if ((statement.effect ?? "Allow") !== "Allow") continue;
        for (const action of statement.actions ?? []) {
          expect(
            bounded.some((pattern) => actionCovers(pattern, action)),
            `${policy.name}: ${action}`,
          ).toBe(true);
        }
      }
    }
  });
});
