import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { describe, expect, it } from "vitest";
import { allStacks } from "./testing/allStacks.js";
import { schemaOf, unknownNames } from "./testing/providerSchema.js";
import { synthesizeScope } from "./testing/terraformJson.js";

describe("the synthesized Terraform, against the AWS provider's schema", () => {
  it.each(allStacks().map(({ name }) => name))(
    "%s uses only resource types, data sources, arguments and blocks the provider has",
    (name) => {
      const stack = allStacks().find((candidate) => candidate.name === name);

      expect(stack && unknownNames(stack.tf)).toEqual([]);
    },
  );
});

describe("unknownNames", () => {
  it("finds a typo in an override", () => {
    const { tf } = synthesizeScope((stack) => {
      const bucket = new S3Bucket(stack, "bucket", { bucketPrefix: "x-" });
      bucket.addOverride("force_destroi", true);
    });

    expect(unknownNames(tf)).toEqual(["resource.aws_s3_bucket.bucket.force_destroi"]);
  });

  it("finds a typo in a nested block and in a lifecycle argument", () => {
    const { tf } = synthesizeScope((stack) => {
      const bucket = new S3Bucket(stack, "bucket", { bucketPrefix: "x-" });
      bucket.addOverride("lifecycle.prevent_destroi", true);
      bucket.addOverride("server_side_encryption_configuration.rule.apply_sse_by_default", {});
    });

    expect(unknownNames(tf).sort()).toEqual([
      "resource.aws_s3_bucket.bucket.lifecycle.prevent_destroi",
      "resource.aws_s3_bucket.bucket.server_side_encryption_configuration[0].rule[0].apply_sse_by_default",
    ]);
  });

  it("finds a resource type and a backend argument the provider and Terraform do not have", () => {
    const { tf } = synthesizeScope((stack) => {
      stack.addOverride("resource.aws_s3_buckt.b", { bucket: "x" });
      stack.addOverride("terraform.backend.s3", { bucket: "b", key: "k", use_lock_file: true });
    });

    expect(unknownNames(tf).sort()).toEqual([
      "resource.aws_s3_buckt",
      "terraform.backend.s3.use_lock_file",
    ]);
  });

  it("reads the provider's blocks and their nesting from the generated bindings", () => {
    const schema = schemaOf("aws_s3_bucket_lifecycle_configuration");

    expect(schema?.attributes.has("bucket")).toBe(true);
    expect(schema?.blocks.get("rule")?.blocks.get("filter")?.attributes.has("prefix")).toBe(true);
    expect(schemaOf("data.aws_iam_policy_document")?.blocks.has("statement")).toBe(true);
    expect(schemaOf("provider.aws")?.blocks.has("default_tags")).toBe(true);
  });
});
