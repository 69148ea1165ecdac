import { describe, expect, it } from "vitest";
import { synthesizePipeline } from "./testing/fixtures.js";
import { blockOf, blocksOfType, reference } from "./testing/terraformJson.js";

const DOMAIN = { name: "images.example.com", hostedZoneId: "Z0123456789ABC" };
const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c";

describe("CustomDomain", () => {
  it("requests the certificate in us-east-1 through an aliased provider", () => {
    const { stack, tf } = synthesizePipeline({ domain: DOMAIN });
    const domain = stack.customDomain;

    expect(domain?.requestedCertificate).toBeDefined();
    if (!domain?.requestedCertificate) return;
    expect(tf.provider.aws).toContainEqual({
      alias: "us_east_1",
      region: "us-east-1",
      default_tags: [{ tags: { Project: "imgpipe", Environment: "dev", ManagedBy: "cdktf" } }],
    });
    expect(blockOf(tf, domain.requestedCertificate)).toMatchObject({
      provider: "aws.us_east_1",
      domain_name: "images.example.com",
      validation_method: "DNS",
      lifecycle: { create_before_destroy: true },
    });
  });

  it("validates the certificate with a record in the configured zone", () => {
    const { tf } = synthesizePipeline({ domain: DOMAIN });

    const [validation] = blocksOfType(tf, "aws_acm_certificate_validation");
    const records = blocksOfType(tf, "aws_route53_record");

    expect(validation?.provider).toBe("aws.us_east_1");
    expect(records).toContainEqual(
      expect.objectContaining({ zone_id: DOMAIN.hostedZoneId, ttl: 300, allow_overwrite: true }),
    );
  });

  it("points the name at the distribution for IPv4 and IPv6", () => {
    const { stack, tf } = synthesizePipeline({ domain: DOMAIN });

    const aliases = blocksOfType(tf, "aws_route53_record").filter((record) => record.alias);

    expect(aliases.map((record) => record.type).sort()).toEqual(["A", "AAAA"]);
    for (const record of aliases) {
      expect(record).toMatchObject({
        zone_id: DOMAIN.hostedZoneId,
        name: DOMAIN.name,
        alias: {
          name: reference(stack.cdn.distribution, "domain_name"),
          zone_id: reference(stack.cdn.distribution, "hosted_zone_id"),
          evaluate_target_health: false,
        },
      });
    }
  });

  it("uses a given certificate as it is, with no second provider and no record", () => {
    const { tf } = synthesizePipeline({
      domain: { name: "images.example.com", certificateArn: CERTIFICATE_ARN },
    });

    const distribution = blocksOfType(tf, "aws_cloudfront_distribution")[0];

    expect(tf.provider.aws).toHaveLength(1);
    expect(tf.resource.aws_acm_certificate).toBeUndefined();
    expect(tf.resource.aws_route53_record).toBeUndefined();
    expect(distribution?.viewer_certificate).toMatchObject({
      acm_certificate_arn: CERTIFICATE_ARN,
    });
  });
});
