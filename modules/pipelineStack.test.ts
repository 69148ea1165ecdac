import {
  IMAGES_PREFIX,
  parsePipelineConfig,
  processImageEnvironment,
  UPLOADS_PREFIX,
} from "@imgpipe/core";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { PipelineStack, pipelineStackName } from "./pipelineStack.js";
import {
  blockOf,
  blocksOfType,
  type PolicyStatement,
  policyStatements,
  reference,
  synthesizeStack,
} from "./testing/terraformJson.js";

const config = parsePipelineConfig({ environment: "dev", region: "eu-west-1" }, "test");

function synthesizePipeline(layers?: string[]) {
  const stack = new PipelineStack(Testing.app(), pipelineStackName(config), {
    config,
    localStatePath: "../../terraform.imgpipe-dev.tfstate",
    processImageLayers: layers,
  });
  return { stack, tf: synthesizeStack(stack) };
}

describe("pipelineStackName", () => {
  it("names the stack after the project and the environment", () => {
    expect(pipelineStackName(config)).toBe("imgpipe-dev");
  });
});

describe("PipelineStack", () => {
  it("deploys to the region of the config and tags everything it manages", () => {
    const { tf } = synthesizePipeline();

    expect(tf.provider.aws).toEqual([
      {
        region: "eu-west-1",
        default_tags: [{ tags: { Project: "imgpipe", Environment: "dev", ManagedBy: "cdktf" } }],
      },
    ]);
  });

  it("keeps its state in the given local file", () => {
    const { tf } = synthesizePipeline();

    expect(tf.terraform.backend).toEqual({
      local: { path: "../../terraform.imgpipe-dev.tfstate" },
    });
  });

  it("configures process-image with the environment core derives for these resources", () => {
    const { stack, tf } = synthesizePipeline();

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

  it("passes the given layers to process-image", () => {
    const layer = "arn:aws:lambda:eu-west-1:123456789012:layer:sharp:3";
    const { stack, tf } = synthesizePipeline([layer]);

    expect(blockOf(tf, stack.processImage.fn).layers).toEqual([layer]);
  });

  it("grants process-image exactly what it uses, on exactly its resources", () => {
    const { stack, tf } = synthesizePipeline();
    const { uploads, processed } = stack.storage;

    const policies = rolePolicies(stack, tf);

    expect(blocksOfType(tf, "aws_iam_role_policy")).toHaveLength(2);
    expect(Object.keys(policies).sort()).toEqual(["process-image-access", "write-logs"]);
    expect(policies["write-logs"]).toEqual([
      {
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [`${reference(stack.processImage.logGroup, "arn")}:*`],
      },
    ]);
    expect(policies["process-image-access"]).toEqual([
      {
        sid: "ReadUploads",
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [`${reference(uploads, "arn")}/${UPLOADS_PREFIX}*`],
      },
      {
        sid: "WriteVariants",
        actions: ["s3:PutObject"],
        resources: [`${reference(processed, "arn")}/${IMAGES_PREFIX}*`],
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
  });

  it("grants process-image no wildcard action or resource and no managed policy", () => {
    const { stack, tf } = synthesizePipeline();

    const statements = Object.values(rolePolicies(stack, tf)).flat();
    const actions = statements.flatMap((statement) => statement.actions ?? []);
    const resources = statements.flatMap((statement) => statement.resources ?? []);

    expect(actions.filter((action) => action.includes("*"))).toEqual([]);
    expect(resources).not.toContain("*");
    expect(resources.every((resource) => resource.startsWith("${aws_"))).toBe(true);
    expect(statements.every((statement) => statement.effect === undefined)).toBe(true);
    expect(blocksOfType(tf, "aws_iam_role_policy_attachment")).toEqual([]);
    expect(blockOf(tf, stack.processImage.role).managed_policy_arns).toBeUndefined();
  });
});

/** The inline policies of process-image's role, by name. */
function rolePolicies(
  stack: PipelineStack,
  tf: ReturnType<typeof synthesizeStack>,
): Record<string, PolicyStatement[]> {
  const role = reference(stack.processImage.role, "id");
  const policies = blocksOfType(tf, "aws_iam_role_policy").filter((policy) => policy.role === role);
  return Object.fromEntries(
    policies.map((policy) => [String(policy.name), policyStatements(tf, policy.policy)]),
  );
}
