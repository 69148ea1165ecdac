import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  BootstrapStack,
  bootstrapStackName,
  READ_ONLY_ACCESS_POLICY_ARN,
} from "./bootstrapStack.js";
import { TEST_BOOTSTRAP } from "./testing/fixtures.js";
import {
  blockOf,
  blocksOfType,
  type PolicyStatement,
  policyStatements,
  reference,
  synthesizeStack,
} from "./testing/terraformJson.js";

function synthesizeBootstrap() {
  const stack = new BootstrapStack(Testing.app(), bootstrapStackName(TEST_BOOTSTRAP), {
    bootstrap: TEST_BOOTSTRAP,
    environments: ["dev", "prod"],
    localStatePath: "../../terraform.imgpipe-bootstrap.tfstate",
  });
  return { stack, tf: synthesizeStack(stack) };
}

function trustOf(
  tf: ReturnType<typeof synthesizeBootstrap>["tf"],
  role: Parameters<typeof blockOf>[1],
) {
  const [statement, ...others] = policyStatements(tf, blockOf(tf, role).assume_role_policy);
  expect(others).toEqual([]);
  return statement as PolicyStatement;
}

describe("BootstrapStack", () => {
  it("keeps its own state locally and works in the configured account only", () => {
    const { tf } = synthesizeBootstrap();

    expect(tf.terraform.backend).toEqual({
      local: { path: "../../terraform.imgpipe-bootstrap.tfstate" },
    });
    expect(tf.provider.aws?.[0]).toMatchObject({
      region: "eu-west-1",
      allowed_account_ids: ["123456789012"],
    });
  });

  it("makes the state bucket under the name every stack's backend uses, versioned and kept", () => {
    const { stack, tf } = synthesizeBootstrap();

    expect(blockOf(tf, stack.stateBucket.bucket)).toEqual({
      bucket: "imgpipe-tfstate-123456789012-eu-west-1",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(blocksOfType(tf, "aws_s3_bucket_versioning")).toHaveLength(1);
    expect(blocksOfType(tf, "aws_s3_bucket_public_access_block")).toHaveLength(1);
    expect(blocksOfType(tf, "aws_s3_bucket_server_side_encryption_configuration")).toHaveLength(1);
  });

  it("trusts GitHub's OIDC issuer for STS", () => {
    const { stack, tf } = synthesizeBootstrap();

    expect(blockOf(tf, stack.githubOidc)).toEqual({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  it("lets pull requests of this repository, and nothing else, assume the plan role", () => {
    const { stack, tf } = synthesizeBootstrap();

    expect(trustOf(tf, stack.planRole)).toEqual({
      actions: ["sts:AssumeRoleWithWebIdentity"],
      principals: [{ type: "Federated", identifiers: [reference(stack.githubOidc, "arn")] }],
      condition: [
        {
          test: "StringEquals",
          variable: "token.actions.githubusercontent.com:aud",
          values: ["sts.amazonaws.com"],
        },
        {
          test: "StringEquals",
          variable: "token.actions.githubusercontent.com:sub",
          values: ["repo:acme/imgpipe:pull_request"],
        },
      ],
    });
  });

  it("lets the main branch and the environments of this repository assume the apply role", () => {
    const { stack, tf } = synthesizeBootstrap();

    const subjects = trustOf(tf, stack.applyRole).condition?.find((condition) =>
      condition.variable.endsWith(":sub"),
    );

    expect(subjects).toEqual({
      test: "StringEquals",
      variable: "token.actions.githubusercontent.com:sub",
      values: [
        "repo:acme/imgpipe:ref:refs/heads/main",
        "repo:acme/imgpipe:environment:dev",
        "repo:acme/imgpipe:environment:prod",
      ],
    });
  });

  it("gives the plan role read-only access, without the users' images and rows", () => {
    const { stack, tf } = synthesizeBootstrap();

    const attachments = blocksOfType(tf, "aws_iam_role_policy_attachment");
    const [inline] = blocksOfType(tf, "aws_iam_role_policy").filter(
      (policy) => policy.role === reference(stack.planRole, "id"),
    );
    const statements = policyStatements(tf, inline?.policy);

    expect(attachments).toEqual([
      { role: reference(stack.planRole, "name"), policy_arn: READ_ONLY_ACCESS_POLICY_ARN },
    ]);
    expect(statements.every((statement) => statement.effect === "Deny")).toBe(true);
    expect(statements[0]?.actions).toContain("s3:GetObject");
  });

  it("keeps the apply role away from CI's own roles and the state bucket's settings", () => {
    const { stack, tf } = synthesizeBootstrap();

    const [inline] = blocksOfType(tf, "aws_iam_role_policy").filter(
      (policy) => policy.role === reference(stack.applyRole, "id"),
    );
    const denies = policyStatements(tf, inline?.policy).filter(
      (statement) => statement.effect === "Deny",
    );

    expect(denies.map((statement) => statement.sid)).toEqual([
      "NotCiItself",
      "NotTheStateBucketSettings",
    ]);
    expect(denies[0]?.resources).toContain("arn:aws:iam::123456789012:role/imgpipe-ci-*");
    expect(denies[1]?.resources).toEqual([reference(stack.stateBucket.bucket, "arn")]);
  });
});
