import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  ConfigError,
  type PipelineConfigInput,
  parsePipelineConfig,
  UPLOADS_PREFIX,
} from "@imgpipe/core";
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

function synthesizeStorage(input: Partial<PipelineConfigInput> = {}) {
  const config = parsePipelineConfig({ environment: "dev", region: "eu-west-1", ...input }, "test");
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
  const buckets = ["uploads", "processed", "frontend"] as const;

  it.each(buckets)("names the %s bucket with a unique prefix of the environment", (name) => {
    const { storage, tf } = synthesizeStorage();

    const bucket = blockOf(tf, storage[name]);

    expect(bucket.bucket_prefix).toBe(`imgpipe-dev-${name}-`);
  });

  it.each(["uploads", "processed"] as const)(
    "keeps the %s bucket and its objects on destroy with deletion protection",
    (name) => {
      const { storage, tf } = synthesizeStorage({ deletionProtection: true });

      const bucket = blockOf(tf, storage[name]);

      expect(bucket).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    },
  );

  it.each(buckets)("empties and deletes the %s bucket on destroy without protection", (name) => {
    const { storage, tf } = synthesizeStorage({ deletionProtection: false });

    const bucket = blockOf(tf, storage[name]);

    expect(bucket.force_destroy).toBe(true);
    expect(bucket.lifecycle).toBeUndefined();
  });

  it("always lets the frontend bucket go: it holds a build, not data", () => {
    const { storage, tf } = synthesizeStorage({ deletionProtection: true });

    expect(blockOf(tf, storage.frontend)).toMatchObject({ force_destroy: true });
    expect(blockOf(tf, storage.frontend).lifecycle).toBeUndefined();
  });

  it("versions the uploads bucket only", () => {
    const { storage, tf } = synthesizeStorage();

    const versioning = blocksOfType(tf, "aws_s3_bucket_versioning");

    expect(versioning).toEqual([
      {
        bucket: reference(storage.uploads, "id"),
        versioning_configuration: { status: "Enabled" },
      },
    ]);
  });

  it.each(buckets)("aborts incomplete multipart uploads in the %s bucket after a day", (name) => {
    const { storage, tf } = synthesizeStorage();

    const [lifecycle] = settingsOf(tf, "aws_s3_bucket_lifecycle_configuration", storage[name]);

    expect(lifecycle?.rule).toContainEqual({
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: [{}],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
    });
  });

  it("expires replaced originals after 30 days and keeps current ones by default", () => {
    const { storage, tf } = synthesizeStorage();

    const [lifecycle] = settingsOf(tf, "aws_s3_bucket_lifecycle_configuration", storage.uploads);
    const ids = ((lifecycle?.rule ?? []) as { id: string }[]).map((rule) => rule.id);

    expect(ids).toEqual(["abort-incomplete-multipart-uploads", "expire-replaced-originals"]);
    expect(lifecycle?.rule).toContainEqual(
      expect.objectContaining({
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        expiration: [{ expired_object_delete_marker: true }],
      }),
    );
  });

  it("expires originals after the configured number of days", () => {
    const { storage, tf } = synthesizeStorage({ retention: { originalsDays: 90 } });

    const [lifecycle] = settingsOf(tf, "aws_s3_bucket_lifecycle_configuration", storage.uploads);

    expect(lifecycle?.rule).toContainEqual({
      id: "expire-originals",
      status: "Enabled",
      filter: [{ prefix: UPLOADS_PREFIX }],
      expiration: [{ days: 90 }],
    });
  });

  it("lets the configured origins and the given ones send presigned POST uploads", () => {
    const { built, tf } = synthesizeScope((stack) => {
      const config = parsePipelineConfig(
        { environment: "dev", corsOrigins: ["http://localhost:5173"] },
        "test",
      );
      const storage = new Storage(stack, "storage", { config });
      return { storage, cors: storage.allowBrowserUploads(["https://images.example.com"]) };
    });

    expect(built.cors).toBeDefined();
    const cors = built.cors ? blockOf(tf, built.cors) : {};
    expect(cors).toEqual({
      bucket: reference(built.storage.uploads, "id"),
      cors_rule: [
        {
          id: "presigned-post",
          allowed_methods: ["POST"],
          allowed_origins: ["http://localhost:5173", "https://images.example.com"],
          allowed_headers: ["content-type"],
          expose_headers: ["ETag", "Location"],
          max_age_seconds: 3000,
        },
      ],
    });
  });

  it("adds no CORS rule when no origin may upload", () => {
    const { built, tf } = synthesizeScope((stack) => {
      const config = parsePipelineConfig({ environment: "dev" }, "test");
      return new Storage(stack, "storage", { config }).allowBrowserUploads([]);
    });

    expect(built).toBeUndefined();
    expect(blocksOfType(tf, "aws_s3_bucket_cors_configuration")).toEqual([]);
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
