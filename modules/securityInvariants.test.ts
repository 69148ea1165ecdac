import { describe, expect, it } from "vitest";
import { allStacks } from "./testing/allStacks.js";
import { type Block, policyStatements, type TerraformJson } from "./testing/terraformJson.js";

const stacks = allStacks();
const names = stacks.map(({ name }) => name);
const tfOf = (name: string): TerraformJson => {
  const stack = stacks.find((candidate) => candidate.name === name);
  if (!stack) throw new Error(`no stack ${name}`);
  return stack.tf;
};
const entries = (tf: TerraformJson, type: string): [string, Block][] =>
  Object.entries(tf.resource[type] ?? {});
const ref = (type: string, name: string, attribute: string) => `\${${type}.${name}.${attribute}}`;

/**
 * IAM statements may name every resource ("*") only where the service has no resource
 * names to limit them to (list calls; ids generated on create). Each exception is named.
 */
const WILDCARD_RESOURCE_STATEMENTS = new Set([
  "ListsWithoutResourceNames",
  "ServicesWithGeneratedIds",
]);

/** A bucket's policy names it through its public access block (see PrivateBucket). */
function bucketPolicyOf(tf: TerraformJson, bucket: string): Block | undefined {
  const block = entries(tf, "aws_s3_bucket_public_access_block").find(
    ([, settings]) => settings.bucket === ref("aws_s3_bucket", bucket, "id"),
  );
  return entries(tf, "aws_s3_bucket_policy").find(
    ([, policy]) =>
      block && policy.bucket === ref("aws_s3_bucket_public_access_block", block[0], "bucket"),
  )?.[1];
}

function allStatements(tf: TerraformJson) {
  return Object.entries(tf.data.aws_iam_policy_document ?? {}).flatMap(([name]) =>
    policyStatements(tf, `\${data.aws_iam_policy_document.${name}.json}`),
  );
}

describe.each(names)("security invariants of %s", (name) => {
  const tf = tfOf(name);

  it("lets the public read no bucket: access blocked, no ACL, no public grant", () => {
    for (const [bucket, settings] of entries(tf, "aws_s3_bucket")) {
      const blocks = entries(tf, "aws_s3_bucket_public_access_block").filter(
        ([, block]) => block.bucket === ref("aws_s3_bucket", bucket, "id"),
      );
      expect(blocks.map(([, block]) => block)).toEqual([
        expect.objectContaining({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        }),
      ]);
      expect(settings.acl).toBeUndefined();
    }
    expect(tf.resource.aws_s3_bucket_acl).toBeUndefined();
    const publicGrants = allStatements(tf).filter(
      (statement) =>
        statement.effect !== "Deny" &&
        statement.principals?.some((principal) => principal.identifiers.includes("*")),
    );
    expect(publicGrants).toEqual([]);
  });

  it("encrypts every bucket and denies it every request without TLS", () => {
    for (const [bucket] of entries(tf, "aws_s3_bucket")) {
      const encryption = entries(tf, "aws_s3_bucket_server_side_encryption_configuration").filter(
        ([, block]) => block.bucket === ref("aws_s3_bucket", bucket, "id"),
      );
      const policy = bucketPolicyOf(tf, bucket);
      const arn = ref("aws_s3_bucket", bucket, "arn");

      expect(encryption).toHaveLength(1);
      expect(policy).toBeDefined();
      expect(policyStatements(tf, policy?.policy)).toContainEqual(
        expect.objectContaining({
          effect: "Deny",
          actions: ["s3:*"],
          resources: [arn, `${arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        }),
      );
    }
  });

  it("has no IAM statement that allows every action", () => {
    const statements = allStatements(tf);

    expect(statements.filter((statement) => statement.actions?.includes("*"))).toEqual([]);
  });

  it("allows every resource only where no resource name exists to name", () => {
    const wildcards = allStatements(tf).filter(
      (statement) =>
        statement.effect !== "Deny" &&
        statement.resources?.includes("*") &&
        !WILDCARD_RESOURCE_STATEMENTS.has(statement.sid ?? ""),
    );

    expect(wildcards).toEqual([]);
  });

  it("grants each function's role only resources of this stack, by reference", () => {
    for (const [, fn] of entries(tf, "aws_lambda_function")) {
      const role = String(fn.role).replace(/\.arn\}$/, ".id}");
      const policies = entries(tf, "aws_iam_role_policy").filter(
        ([, policy]) => policy.role === role,
      );
      const resources = policies.flatMap(([, policy]) =>
        policyStatements(tf, policy.policy).flatMap((statement) => statement.resources ?? []),
      );

      expect(policies.length).toBeGreaterThan(0);
      expect(resources.filter((resource) => !resource.startsWith("${aws_"))).toEqual([]);
      expect(
        entries(tf, "aws_iam_role_policy_attachment").filter(
          ([, attachment]) => attachment.role === role.replace(/\.id\}$/, ".name}"),
        ),
      ).toEqual([]);
    }
  });

  it("reads S3 from CloudFront through origin access control only", () => {
    for (const [, distribution] of entries(tf, "aws_cloudfront_distribution")) {
      for (const origin of distribution.origin as Block[]) {
        expect(origin.origin_access_control_id).toMatch(
          /^\$\{aws_cloudfront_origin_access_control\./,
        );
        expect(origin.s3_origin_config).toBeUndefined();
      }
      const behaviours = [
        distribution.default_cache_behavior as Block,
        ...((distribution.ordered_cache_behavior as Block[] | undefined) ?? []),
      ];
      expect(behaviours.map((behaviour) => behaviour.viewer_protocol_policy)).not.toContain(
        "allow-all",
      );
    }
    expect(tf.resource.aws_cloudfront_origin_access_identity).toBeUndefined();
  });

  it("keeps point-in-time recovery and encryption on every table", () => {
    for (const [, table] of entries(tf, "aws_dynamodb_table")) {
      expect(table).toMatchObject({
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true },
      });
    }
  });

  it("gives every log group a retention, and every function its own log group", () => {
    const groups = entries(tf, "aws_cloudwatch_log_group");

    for (const [, group] of groups) {
      expect(group.retention_in_days).toBeGreaterThan(0);
    }
    for (const [, fn] of entries(tf, "aws_lambda_function")) {
      const logGroup = (fn.logging_config as Block | undefined)?.log_group;
      expect(groups.map(([group]) => ref("aws_cloudwatch_log_group", group, "name"))).toContain(
        logGroup,
      );
    }
  });

  it("ends every async path in a dead-letter queue", () => {
    for (const [, target] of entries(tf, "aws_cloudwatch_event_target")) {
      expect((target.dead_letter_config as Block | undefined)?.arn).toMatch(/^\$\{aws_sqs_queue\./);
    }
    // API Gateway invokes synchronously: its caller gets the error, no queue needed.
    const invokedAsync = entries(tf, "aws_lambda_permission")
      .filter(([, permission]) => permission.principal !== "apigateway.amazonaws.com")
      .map(([, permission]) => permission.function_name);
    const onFailure = entries(tf, "aws_lambda_function_event_invoke_config")
      .filter(([, config]) =>
        String(
          (config.destination_config as { on_failure?: { destination?: string } })?.on_failure
            ?.destination,
        ).startsWith("${aws_sqs_queue."),
      )
      .map(([, config]) => config.function_name);
    expect(invokedAsync.filter((fn) => !onFailure.includes(fn))).toEqual([]);
    for (const [, subscription] of entries(tf, "aws_sns_topic_subscription")) {
      if (subscription.protocol === "http" || subscription.protocol === "https") {
        expect(subscription.redrive_policy).toMatch(/^\$\{jsonencode\(local\./);
      }
    }
  });

  it("encrypts every queue", () => {
    for (const [, queue] of entries(tf, "aws_sqs_queue")) {
      expect(queue.sqs_managed_sse_enabled).toBe(true);
    }
  });
});
