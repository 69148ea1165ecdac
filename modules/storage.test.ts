import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { ConfigError, parsePipelineConfig } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { Storage } from "./storage.js";
import {
  blockOf,
  blocksOfType,
  policyStatements,
  reference,
  synthesizeScope,
  type TerraformJson,
} from "./testing/terraformJson.js";

const config = parsePipelineConfig({ environment: "dev", region: "eu-west-1" }, "test");

function synthesizeStorage() {
  const { built: storage, tf } = synthesizeScope(
    (stack) => new Storage(stack, "storage", { config }),
  );
  return { storage, tf };
}

/** The blocks of `type` that configure `bucket`. */
function settingsOf(tf: TerraformJson, type: string, bucket: S3Bucket) {
  return blocksOfType(tf, type).filter((block) => block.bucket === reference(bucket, "id"));
}

describe("Storage", () => {
  const buckets = ["uploads", "processed"] as const;

  it.each(buckets)("names the %s bucket with a unique prefix of the environment", (name) => {
    const { storage, tf } = synthesizeStorage();

    const bucket = blockOf(tf, storage[name]);

    expect(bucket).toEqual({ bucket_prefix: `imgpipe-dev-${name}-` });
  });

  it.each(buckets)("blocks every kind of public access to the %s bucket", (name) => {
    const { storage, tf } = synthesizeStorage();

    const blocks = settingsOf(tf, "aws_s3_bucket_public_access_block", storage[name]);

    expect(blocks).toEqual([
      {
        bucket: reference(storage[name], "id"),
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    ]);
  });

  it.each(buckets)("disables ACLs on the %s bucket", (name) => {
    const { storage, tf } = synthesizeStorage();

    const controls = settingsOf(tf, "aws_s3_bucket_ownership_controls", storage[name]);

    expect(controls).toHaveLength(1);
    expect(controls[0]?.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  it.each(buckets)("encrypts the %s bucket by default with SSE-S3", (name) => {
    const { storage, tf } = synthesizeStorage();

    const encryption = settingsOf(
      tf,
      "aws_s3_bucket_server_side_encryption_configuration",
      storage[name],
    );

    expect(encryption).toHaveLength(1);
    expect(encryption[0]?.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
  });

  it.each(buckets)("denies every request to the %s bucket that does not use TLS", (name) => {
    const { storage, tf } = synthesizeStorage();
    const bucket = storage[name];

    const policies = blocksOfType(tf, "aws_s3_bucket_policy").filter(
      (policy) => bucketIdBehind(tf, policy.bucket) === reference(bucket, "id"),
    );

    expect(policies).toHaveLength(1);
    expect(policyStatements(tf, policies[0]?.policy)).toEqual([
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: [reference(bucket, "arn"), `${reference(bucket, "arn")}/*`],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
  });

  it("sends the events of the uploads bucket, and only those, to EventBridge", () => {
    const { storage, tf } = synthesizeStorage();

    const notifications = blocksOfType(tf, "aws_s3_bucket_notification");

    expect(notifications).toEqual([
      { bucket: reference(storage.uploads, "id"), eventbridge: true },
    ]);
  });

  it("refuses a project and environment too long for a bucket prefix", () => {
    const longNames = parsePipelineConfig(
      { project: "a-very-long-project", environment: "a-long-environment" },
      "test",
    );

    const build = () =>
      synthesizeScope((stack) => new Storage(stack, "storage", { config: longNames }));

    expect(build).toThrow(ConfigError);
  });
});

/** A bucket policy names its bucket through the public access block, to be created after it. */
function bucketIdBehind(tf: TerraformJson, bucket: unknown): unknown {
  const name = /^\$\{aws_s3_bucket_public_access_block\.([^.]+)\.bucket\}$/.exec(
    String(bucket),
  )?.[1];
  return name && tf.resource.aws_s3_bucket_public_access_block?.[name]?.bucket;
}
