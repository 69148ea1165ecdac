import {
  IMAGES_PREFIX,
  parsePipelineConfig,
  processImageEnvironment,
  UPLOADS_PREFIX,
} from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { pipelineStackName, pipelineStateKey } from "./pipelineStack.js";
import { synthesizePipeline } from "./testing/fixtures.js";
import { blockOf, blocksOfType, reference, rolePolicies } from "./testing/terraformJson.js";

describe("pipelineStackName", () => {
  it("names the stack after the project and the environment", () => {
    const config = parsePipelineConfig({ environment: "dev" }, "test");

    expect(pipelineStackName(config)).toBe("imgpipe-dev");
    expect(pipelineStateKey(config)).toBe("imgpipe/dev/terraform.tfstate");
  });
});

describe("PipelineStack", () => {
  it("deploys to the region of the config, in the bootstrap's account only, tagging everything", () => {
    const { tf } = synthesizePipeline();

    expect(tf.provider.aws).toEqual([
      {
        region: "eu-west-1",
        allowed_account_ids: ["123456789012"],
        default_tags: [{ tags: { Project: "imgpipe", Environment: "dev", ManagedBy: "cdktf" } }],
      },
    ]);
  });

  it("keeps its state in the bootstrap's bucket, one key per environment, with a lock file", () => {
    const { tf } = synthesizePipeline({ environment: "prod" });

    expect(tf.terraform.backend).toEqual({
      s3: {
        bucket: "imgpipe-tfstate-123456789012-eu-west-1",
        key: "imgpipe/prod/terraform.tfstate",
        region: "eu-west-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it("configures process-image with the environment core derives for these resources", () => {
    const { config, stack, tf } = synthesizePipeline();

    const fn = blockOf(tf, stack.processImage.fn);

    expect(fn.function_name).toBe("imgpipe-dev-process-image");
    expect(fn.environment).toEqual({
      variables: {
        ...processImageEnvironment(config, {
          processedBucket: reference(stack.storage.processed, "bucket"),
          imagesTable: reference(stack.metadata.imagesTable, "name"),
          eventsTopicArn: reference(stack.notifications.topic, "arn"),
        }),
        NODE_OPTIONS: "--enable-source-maps",
      },
    });
  });

  it("sizes process-image and keeps its logs as the config says", () => {
    const { stack, tf } = synthesizePipeline({
      functions: { logRetentionDays: 90, processImage: { memoryMb: 3008, timeoutSeconds: 120 } },
    });

    expect(blockOf(tf, stack.processImage.fn)).toMatchObject({ memory_size: 3008, timeout: 120 });
    expect(blockOf(tf, stack.processImage.logGroup).retention_in_days).toBe(90);
  });

  it("gives process-image the sharp layer", () => {
    const { stack, tf } = synthesizePipeline();

    expect(blockOf(tf, stack.processImage.fn).layers).toEqual([
      reference(stack.sharpLayer.layer, "arn"),
    ]);
  });

  it("grants process-image exactly what it uses, on exactly its resources", () => {
    const { stack, tf } = synthesizePipeline();
    const { uploads, processed } = stack.storage;

    const policies = rolePolicies(stack.processImage.role, tf);

    expect(Object.keys(policies).sort()).toEqual([
      "process-image-access",
      "send-failed-invocations",
      "write-logs",
    ]);
    expect(policies["process-image-access"]).toEqual([
      {
        sid: "ReadUploads",
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [`${reference(uploads, "arn")}/${UPLOADS_PREFIX}*`],
      },
      {
        sid: "TellMissingUploadsApart",
        actions: ["s3:ListBucket"],
        resources: [reference(uploads, "arn")],
      },
      {
        sid: "WriteVariants",
        actions: ["s3:PutObject", "s3:DeleteObject"],
        resources: [`${reference(processed, "arn")}/${IMAGES_PREFIX}*`],
      },
      {
        sid: "ListAnImagesVariants",
        actions: ["s3:ListBucket"],
        resources: [reference(processed, "arn")],
        condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${IMAGES_PREFIX}*`] }],
      },
      {
        sid: "WriteImageRows",
        actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        resources: [reference(stack.metadata.imagesTable, "arn")],
      },
      {
        sid: "PublishImageEvents",
        actions: ["sns:Publish"],
        resources: [reference(stack.notifications.topic, "arn")],
      },
    ]);
    expect(policies["send-failed-invocations"]).toEqual([
      {
        sid: "SendFailedInvocations",
        actions: ["sqs:SendMessage"],
        resources: [reference(stack.uploadEvents.failedInvocations.queue, "arn")],
      },
    ]);
  });

  it("lets process-image list the uploads bucket so a deleted upload reads as NoSuchKey, not 403", () => {
    const { stack, tf } = synthesizePipeline();

    const statements = rolePolicies(stack.processImage.role, tf)["process-image-access"] ?? [];
    const list = statements.find((statement) => statement.actions?.includes("s3:ListBucket"));

    expect(list?.resources).toEqual([reference(stack.storage.uploads, "arn")]);
  });

  describe("feature switches", () => {
    it("builds the API, its authorizer and the Cognito user pool by default", () => {
      const { tf } = synthesizePipeline();

      expect(blocksOfType(tf, "aws_apigatewayv2_api")).toHaveLength(1);
      expect(blocksOfType(tf, "aws_apigatewayv2_authorizer")).toHaveLength(1);
      expect(blocksOfType(tf, "aws_cognito_user_pool")).toHaveLength(1);
      expect(Object.keys(tf.output)).toContain("api_endpoint");
    });

    it("contains no API, sign-in or API alarm when the API is off", () => {
      const { tf } = synthesizePipeline({ features: { api: false } });

      const types = Object.keys(tf.resource);

      expect(types.filter((type) => /apigateway|cognito/.test(type))).toEqual([]);
      expect(JSON.stringify(tf.resource)).not.toContain("AWS/ApiGateway");
      expect(Object.keys(tf.output)).not.toContain("api_endpoint");
    });

    it("contains no certificate, DNS record or second provider without a custom domain", () => {
      const { tf } = synthesizePipeline();

      expect(tf.resource.aws_acm_certificate).toBeUndefined();
      expect(tf.resource.aws_route53_record).toBeUndefined();
      expect(tf.provider.aws).toHaveLength(1);
    });

    it("adds the certificate, its validation and the alias records for a custom domain", () => {
      const { tf } = synthesizePipeline({
        domain: { name: "images.example.com", hostedZoneId: "Z0123456789ABC" },
      });

      expect(blocksOfType(tf, "aws_acm_certificate")).toHaveLength(1);
      expect(blocksOfType(tf, "aws_acm_certificate_validation")).toHaveLength(1);
      expect(blocksOfType(tf, "aws_route53_record")).toHaveLength(3);
      expect(tf.provider.aws).toHaveLength(2);
    });

    it("builds the transform function, its URL, secret and CDN route only when the switch is on", () => {
      const on = synthesizePipeline({ features: { transform: true } });
      const off = synthesizePipeline({ features: { transform: false } });

      const added = Object.keys(on.tf.resource).filter((type) => !(type in off.tf.resource));
      expect(added.sort()).toEqual(["aws_lambda_function_url", "aws_secretsmanager_secret"]);
      expect(off.stack.transform).toBeUndefined();
      expect(JSON.stringify(off.tf.resource)).not.toContain("transform");
      expect(JSON.stringify(off.tf.resource)).not.toContain("renditions/");
    });
  });
});

/** The inline policies of a role, by name. */
