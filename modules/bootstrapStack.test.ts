import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { BootstrapStack, bootstrapStackName } from "./bootstrapStack.js";
import { ROLE_PERMISSION_WRITES, ROLE_TAKING_SERVICES } from "./ciPolicies.js";
import { TEST_BOOTSTRAP } from "./testing/fixtures.js";
import {
  actionCovers,
  blockOf,
  blocksOfType,
  type PolicyStatement,
  policyStatements,
  reference,
  synthesizeStack,
  type TerraformJson,
} from "./testing/terraformJson.js";

const ENVIRONMENTS = ["dev", "prod"];
const SUBJECT = "token.actions.githubusercontent.com:sub";
const BOUNDARY = (environment: string) =>
  `arn:aws:iam::123456789012:policy/imgpipe-${environment}-permissions-boundary`;

function synthesizeBootstrap() {
  const stack = new BootstrapStack(Testing.app(), bootstrapStackName(TEST_BOOTSTRAP), {
    bootstrap: TEST_BOOTSTRAP,
    environments: ENVIRONMENTS,
    localStatePath: "../../terraform.imgpipe-bootstrap.tfstate",
  });
  return { stack, tf: synthesizeStack(stack) };
}

const { stack, tf } = synthesizeBootstrap();

/** Every role of the stack with its trust statement and its inline policy's statements. */
function roles(json: TerraformJson) {
  return Object.values(json.resource.aws_iam_role ?? {}).map((role) => {
    const name = String(role.name);
    const [trust, ...otherTrust] = policyStatements(json, role.assume_role_policy);
    const inline = blocksOfType(json, "aws_iam_role_policy").filter((policy) =>
      String(policy.role).includes(`.${friendlyIdOf(json, name)}.`),
    );
    return {
      name,
      trust: trust as PolicyStatement,
      otherTrust,
      subjects: trust?.condition?.find((c) => c.variable === SUBJECT)?.values ?? [],
      statements: inline.flatMap((policy) => policyStatements(json, policy.policy)),
    };
  });
}

function friendlyIdOf(json: TerraformJson, roleName: string): string {
  const entry = Object.entries(json.resource.aws_iam_role ?? {}).find(
    ([, role]) => role.name === roleName,
  );
  return entry?.[0] ?? "";
}

const allows = (statement: PolicyStatement) => (statement.effect ?? "Allow") === "Allow";
const grants = (statement: PolicyStatement, action: string) =>
  allows(statement) && (statement.actions ?? []).some((pattern) => actionCovers(pattern, action));
const conditionOn = (statement: PolicyStatement, variable: string) =>
  statement.condition?.find((condition) => condition.variable === variable);

describe("BootstrapStack", () => {
  it("keeps its own state locally and works in the configured account only", () => {
    expect(tf.terraform.backend).toEqual({
      local: { path: "../../terraform.imgpipe-bootstrap.tfstate" },
    });
    expect(tf.provider.aws?.[0]).toMatchObject({
      region: "eu-west-1",
      allowed_account_ids: ["123456789012"],
    });
    expect(tf.terraform.required_version).toBe(">= 1.10");
  });

  it("makes the state bucket under the name every stack's backend uses, versioned and kept", () => {
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
    expect(blockOf(tf, stack.githubOidc)).toEqual({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  it("lets pull requests and the main branch of this repository, and nothing else, assume the plan role", () => {
    const plan = roles(tf).find((role) => role.name === "imgpipe-ci-plan");

    expect(plan?.otherTrust).toEqual([]);
    expect(plan?.trust).toEqual({
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
          variable: SUBJECT,
          values: ["repo:acme/imgpipe:pull_request", "repo:acme/imgpipe:ref:refs/heads/main"],
        },
      ],
    });
  });

  it("makes one apply role per environment, trusted only for its own GitHub environment", () => {
    const applyRoles = roles(tf).filter((role) => role.name.startsWith("imgpipe-ci-apply-"));

    expect(applyRoles.map(({ name, subjects }) => ({ name, subjects }))).toEqual([
      { name: "imgpipe-ci-apply-dev", subjects: ["repo:acme/imgpipe:environment:dev"] },
      { name: "imgpipe-ci-apply-prod", subjects: ["repo:acme/imgpipe:environment:prod"] },
    ]);
    for (const role of applyRoles) {
      expect(role.trust.condition?.map((c) => c.test)).toEqual(["StringEquals", "StringEquals"]);
    }
  });

  it("trusts no role for two environments, and no two roles for the same subject", () => {
    const all = roles(tf);
    const subjects = all.flatMap((role) => role.subjects);

    for (const role of all) {
      const environments = role.subjects.filter((subject) => subject.includes(":environment:"));
      expect(environments.length, role.name).toBeLessThanOrEqual(1);
      expect(
        role.subjects.every((subject) => !subject.includes("*")),
        role.name,
      ).toBe(true);
    }
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it("defines each environment's permissions boundary, limited to that environment's names", () => {
    const boundaries = blocksOfType(tf, "aws_iam_policy");

    expect(boundaries.map((policy) => policy.name)).toEqual([
      "imgpipe-dev-permissions-boundary",
      "imgpipe-prod-permissions-boundary",
    ]);
    for (const [index, environment] of ENVIRONMENTS.entries()) {
      const statements = policyStatements(tf, boundaries[index]?.policy);
      const resources = statements.flatMap((statement) => statement.resources ?? []);
      expect(resources.every((arn) => arn.includes(`imgpipe-${environment}-*`))).toBe(true);
      expect(statements.some((statement) => grants(statement, "iam:CreateRole"))).toBe(false);
    }
  });

  it("writes no role permissions without the environment's boundary condition", () => {
    for (const role of roles(tf)) {
      const environment = role.name.replace(/^imgpipe-ci-apply-/, "");
      for (const statement of role.statements) {
        if (!ROLE_PERMISSION_WRITES.some((action) => grants(statement, action))) continue;
        expect(conditionOn(statement, "iam:PermissionsBoundary"), role.name).toEqual({
          test: "StringEquals",
          variable: "iam:PermissionsBoundary",
          values: [BOUNDARY(environment)],
        });
      }
    }
    const writers = roles(tf).filter((role) =>
      role.statements.some((statement) => grants(statement, "iam:CreateRole")),
    );
    expect(writers.map((role) => role.name)).toEqual([
      "imgpipe-ci-apply-dev",
      "imgpipe-ci-apply-prod",
    ]);
  });

  it("passes roles only to the named services, and only the environment's own roles", () => {
    for (const role of roles(tf)) {
      const environment = role.name.replace(/^imgpipe-ci-apply-/, "");
      for (const statement of role.statements.filter((s) => grants(s, "iam:PassRole"))) {
        expect(statement.actions, role.name).toEqual(["iam:PassRole"]);
        expect(statement.resources).toEqual([
          `arn:aws:iam::123456789012:role/imgpipe-${environment}-*`,
        ]);
        expect(conditionOn(statement, "iam:PassedToService")?.values).toEqual([
          ...ROLE_TAKING_SERVICES,
        ]);
      }
    }
  });

  it("grants no whole service on every resource, and nothing at all on * but names-free calls", () => {
    for (const role of roles(tf)) {
      for (const statement of role.statements.filter(allows)) {
        if (!statement.resources?.includes("*")) continue;
        expect(statement.resources, `${role.name} ${statement.sid}`).toEqual(["*"]);
        for (const action of statement.actions ?? []) {
          expect(action, `${role.name} ${statement.sid}`).not.toContain("*");
        }
      }
    }
  });

  it("limits each apply role to its own environment's resources and state key", () => {
    for (const role of roles(tf).filter((r) => r.name.startsWith("imgpipe-ci-apply-"))) {
      const environment = role.name.replace(/^imgpipe-ci-apply-/, "");
      const other = ENVIRONMENTS.find((name) => name !== environment);
      const allowed = role.statements.filter(allows).flatMap((s) => s.resources ?? []);

      expect(allowed.some((arn) => arn.includes(`imgpipe-${other}-`))).toBe(false);
      expect(allowed).toContain(`arn:aws:s3:::imgpipe-${environment}-*`);
      const stateObjects = allowed.filter(
        (arn) => arn.startsWith(`\${aws_s3_bucket.`) && arn.includes("/"),
      );
      expect(stateObjects.map((arn) => arn.replace(/^\$\{[^}]+\}/, ""))).toEqual([
        `/imgpipe/${environment}/terraform.tfstate`,
        `/imgpipe/${environment}/terraform.tfstate.tflock`,
      ]);
    }
  });

  it("keeps each apply role off other environments' tagged resources, CI itself and the state bucket's settings", () => {
    const dev = roles(tf).find((role) => role.name === "imgpipe-ci-apply-dev");
    const denies = dev?.statements.filter((statement) => statement.effect === "Deny") ?? [];

    expect(denies.map((statement) => statement.sid)).toEqual([
      "NotOtherEnvironmentsResources",
      "NoOtherEnvironmentsTags",
      "NotCiItself",
      "BoundaryStays",
      "NotTheStateBucketSettings",
    ]);
    expect(conditionOn(denies[0] as PolicyStatement, "aws:ResourceTag/Environment")).toEqual({
      test: "StringNotEquals",
      variable: "aws:ResourceTag/Environment",
      values: ["dev"],
    });
    expect(denies[2]?.resources).toContain("arn:aws:iam::123456789012:role/imgpipe-ci-*");
    expect(denies[4]?.resources).toEqual([reference(stack.stateBucket.bucket, "arn")]);
  });

  it("gives the plan role scoped reads: no managed policy, no write, no users' objects or rows", () => {
    const plan = roles(tf).find((role) => role.name === "imgpipe-ci-plan");
    const actions = plan?.statements.flatMap((statement) => statement.actions ?? []) ?? [];

    expect(blocksOfType(tf, "aws_iam_role_policy_attachment")).toEqual([]);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      expect(action).toMatch(/^[\w-]+:(Get|List|Describe|GET)/);
    }
    const objectReads = plan?.statements.filter((statement) => grants(statement, "s3:GetObject"));
    expect(objectReads?.flatMap((statement) => statement.resources)).toEqual([
      `${reference(stack.stateBucket.bucket, "arn")}/imgpipe/*`,
    ]);
    expect(plan?.statements.some((statement) => grants(statement, "dynamodb:GetItem"))).toBe(false);
  });

  it("lets the plan role see the signing key's settings but never its value", () => {
    const plan = roles(tf).find((role) => role.name === "imgpipe-ci-plan");

    expect(plan?.statements.some((s) => grants(s, "secretsmanager:DescribeSecret"))).toBe(true);
    expect(plan?.statements.some((s) => grants(s, "secretsmanager:GetSecretValue"))).toBe(false);
  });
});
