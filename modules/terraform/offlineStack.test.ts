import { describe, expect, it } from "vitest";
import { offlineStack } from "./offlineStack.js";

const synthesized = {
  terraform: {
    backend: {
      s3: { bucket: "imgpipe-tfstate", key: "imgpipe/dev/terraform.tfstate", use_lockfile: true },
    },
    required_providers: { aws: { source: "aws", version: ">= 5.100.0, < 7.0.0" } },
    required_version: ">= 1.10",
  },
  provider: {
    aws: [
      { region: "eu-west-1", allowed_account_ids: ["123456789012"] },
      { alias: "us_east_1", region: "us-east-1", allowed_account_ids: ["123456789012"] },
    ],
  },
  resource: { aws_sqs_queue: { q: { name: "imgpipe-dev-q" } } },
};

describe("offlineStack", () => {
  it("keeps state in a local file instead of the S3 backend, and every version requirement", () => {
    const offline = offlineStack(synthesized);

    expect(offline.terraform).toEqual({
      backend: { local: { path: "terraform.tfstate" } },
      required_providers: synthesized.terraform.required_providers,
      required_version: ">= 1.10",
    });
    expect(offline.resource).toEqual(synthesized.resource);
  });

  it("tells every provider configuration, aliases too, not to ask AWS anything", () => {
    const configurations = offlineStack(synthesized).provider?.aws ?? [];

    expect(configurations).toHaveLength(2);
    for (const configuration of configurations) {
      expect(configuration).toMatchObject({
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
      });
      expect(configuration).not.toHaveProperty("allowed_account_ids");
    }
    expect(synthesized.provider.aws[0]).toHaveProperty("allowed_account_ids");
  });
});
