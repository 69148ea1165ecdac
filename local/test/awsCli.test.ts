import { execFile, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { parsePipelineConfig } from "@imgpipe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "../src/localCloud.js";
import { LOCAL_CREDENTIALS } from "../src/settings.js";
import { photoJpeg } from "./support/images.js";
import { tempDir } from "./support/tempDir.js";
import { startTestCloud } from "./support/testCloud.js";

const hasAwsCli = spawnSync("aws", ["--version"], { stdio: "ignore" }).status === 0;
const config = parsePipelineConfig({ environment: "awscli" }, "test");

describe("the AWS CLI against the local cloud, unchanged", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let cloud: LocalCloud;

  /** `aws` with only the local credentials: no profile or config file of this machine. */
  const aws = async (...args: string[]) => {
    const { AWS_PROFILE: _profile, ...inherited } = process.env;
    const { stdout } = await promisify(execFile)("aws", args, {
      cwd: data.path,
      env: {
        ...inherited,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: config.region,
        AWS_CONFIG_FILE: join(data.path, "no-config"),
        AWS_SHARED_CREDENTIALS_FILE: join(data.path, "no-credentials"),
        // AWS CLI v2 sends aws-chunked checksums by default, which s3rver stores verbatim.
        AWS_REQUEST_CHECKSUM_CALCULATION: "when_required",
        AWS_RESPONSE_CHECKSUM_VALIDATION: "when_required",
        AWS_PAGER: "",
      },
    });
    return stdout;
  };

  beforeAll(async () => {
    if (!hasAwsCli) return;
    data = await tempDir("awscli");
    cloud = await startTestCloud({
      config,
      dataDir: join(data.path, "data"),
    });
  });
  afterAll(async () => {
    await cloud?.stop();
    await data?.remove();
  });

  it.runIf(hasAwsCli)(
    "copies a photo in with s3 cp, lists its variants with s3 ls and finds its row with dynamodb scan",
    async () => {
      await writeFile(join(data.path, "photo.jpg"), await photoJpeg(800, 600));
      const { uploadsBucket, processedBucket, imagesTable } = cloud.resources;

      await aws(
        "--endpoint-url",
        cloud.endpoints.s3,
        "s3",
        "cp",
        "photo.jpg",
        `s3://${uploadsBucket}/uploads/cli/first-photo/photo.jpg`,
      );
      await cloud.idle();
      const listed = await aws(
        "--endpoint-url",
        cloud.endpoints.s3,
        "s3",
        "ls",
        "--recursive",
        `s3://${processedBucket}/images/cli/first-photo/`,
      );
      const scanned = JSON.parse(
        await aws(
          "--endpoint-url",
          cloud.endpoints.dynamodb,
          "dynamodb",
          "scan",
          "--table-name",
          imagesTable,
        ),
      );

      expect(listed.trim().split("\n")).toHaveLength(6);
      expect(listed).toMatch(/thumb\.[0-9a-f]+\.webp/);
      expect(scanned.Items).toEqual([
        expect.objectContaining({
          ownerId: { S: "cli" },
          imageId: { S: "first-photo" },
          status: { S: "processed" },
        }),
      ]);
    },
  );
});
