import {
  IMAGES_PREFIX,
  RENDITIONS_PREFIX,
  transformEnvironment,
  UPLOADS_PREFIX,
} from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { synthesizePipeline } from "./testing/fixtures.js";
import { blockOf, blocksOfType, policyStatements, reference } from "./testing/terraformJson.js";

function synthesizeTransform(config: Parameters<typeof synthesizePipeline>[0] = {}) {
  const synthesized = synthesizePipeline(config);
  const { transform } = synthesized.stack;
  if (!transform) throw new Error("transforms are on by default");
  return { ...synthesized, transform };
}

describe("Transform", () => {
  it("runs the transform bundle on arm64 with the sharp layer, sized by the config", () => {
    const { stack, tf, transform } = synthesizeTransform({
      functions: { transform: { memoryMb: 2048, timeoutSeconds: 20 } },
    });

    expect(blockOf(tf, transform.function.fn)).toMatchObject({
      function_name: "imgpipe-dev-transform",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      memory_size: 2048,
      timeout: 20,
      layers: [reference(stack.sharpLayer.layer, "arn")],
    });
  });

  it("gets its settings from core, and its signing key from a secret, never from the config", () => {
    const { config, stack, tf, transform } = synthesizeTransform();

    const variables = (
      blockOf(tf, transform.function.fn).environment as { variables: Record<string, string> }
    ).variables;

    expect(variables).toEqual({
      ...transformEnvironment(config, {
        uploadsBucket: reference(stack.storage.uploads, "bucket"),
        processedBucket: reference(stack.storage.processed, "bucket"),
        imagesTable: reference(stack.metadata.imagesTable, "name"),
        signingKey: { secretArn: reference(transform.signingKey, "arn") },
      }),
      NODE_OPTIONS: "--enable-source-maps",
    });
    expect(JSON.stringify(variables)).not.toContain('IMGPIPE_SIGNING_KEY"');
    // The value is made after apply (deploy/signingKey.ts): never in the plan or the state.
    expect(blocksOfType(tf, "aws_secretsmanager_secret_version")).toEqual([]);
  });

  it("reads originals, variants, renditions, rows and its key, and writes only renditions", () => {
    const { stack, tf, transform } = synthesizeTransform();
    const uploads = reference(stack.storage.uploads, "arn");
    const processed = reference(stack.storage.processed, "arn");

    const policies = blocksOfType(tf, "aws_iam_role_policy").filter(
      (policy) =>
        policy.role === reference(transform.function.role, "id") &&
        policy.name === "transform-access",
    );
    const statements = policyStatements(tf, policies[0]?.policy);

    expect(statements).toEqual([
      {
        sid: "ReadOriginals",
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [`${uploads}/${UPLOADS_PREFIX}*`],
      },
      {
        sid: "ReadVariantsAndRenditions",
        actions: ["s3:GetObject"],
        resources: [`${processed}/${IMAGES_PREFIX}*`, `${processed}/${RENDITIONS_PREFIX}*`],
      },
      {
        sid: "TellMissingObjectsApart",
        actions: ["s3:ListBucket"],
        resources: [uploads, processed],
      },
      {
        sid: "StoreRenditions",
        actions: ["s3:PutObject"],
        resources: [`${processed}/${RENDITIONS_PREFIX}*`],
      },
      {
        sid: "ReadImageRows",
        actions: ["dynamodb:GetItem"],
        resources: [reference(stack.metadata.imagesTable, "arn")],
      },
      {
        sid: "ReadSigningKey",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [reference(transform.signingKey, "arn")],
      },
    ]);
  });

  it("expires stored renditions after the configured days", () => {
    const { stack, tf } = synthesizeTransform({ transform: { renditionDays: 7 } });

    const lifecycle = blocksOfType(tf, "aws_s3_bucket_lifecycle_configuration").find(
      (block) => block.bucket === reference(stack.storage.processed, "id"),
    );

    expect(lifecycle?.rule).toContainEqual(
      expect.objectContaining({
        id: "expire-renditions",
        filter: [{ prefix: RENDITIONS_PREFIX }],
        expiration: [{ days: 7 }],
      }),
    );
  });
});
