import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import type { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { DomainConfig } from "@imgpipe/core";
import { Construct } from "constructs";

/** CloudFront only uses certificates from ACM in this region. */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";

export interface CustomDomainProps {
  readonly domain: DomainConfig;
  /** Tags of the stack's main provider, repeated on the us-east-1 provider. */
  readonly defaultTags: Record<string, string>;
}

/**
 * The CDN's own name. Either the config names an existing certificate, or the stack
 * requests one in us-east-1 (through a second, aliased provider) and validates it with a
 * DNS record in the configured Route 53 zone. With a zone, {@link addAliasRecords} points
 * the name at the distribution.
 *
 * @example
 * const domain = new CustomDomain(this, "domain", { domain: config.domain, defaultTags });
 * const cdn = new Cdn(this, "cdn", { ...props, certificate: domain.certificate });
 * domain.addAliasRecords(cdn.distribution);
 */
export class CustomDomain extends Construct {
  readonly certificate: { readonly arn: string; readonly domainName: string };
  readonly usEast1?: AwsProvider;
  readonly requestedCertificate?: AcmCertificate;
  private readonly domain: DomainConfig;

  constructor(scope: Construct, id: string, { domain, defaultTags }: CustomDomainProps) {
    super(scope, id);
    this.domain = domain;
    if (domain.certificateArn) {
      this.certificate = { arn: domain.certificateArn, domainName: domain.name };
      return;
    }
    if (!domain.hostedZoneId) {
      throw new Error(`domain ${domain.name} needs a hostedZoneId or a certificateArn`);
    }

    this.usEast1 = new AwsProvider(this, "us-east-1", {
      alias: "us_east_1",
      region: CLOUDFRONT_CERTIFICATE_REGION,
      defaultTags: [{ tags: defaultTags }],
    });
    this.requestedCertificate = new AcmCertificate(this, "certificate", {
      provider: this.usEast1,
      domainName: domain.name,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      // A renamed domain gets its new certificate before CloudFront lets go of the old one.
      lifecycle: { createBeforeDestroy: true },
    });
    // One name, so one validation record.
    const option = this.requestedCertificate.domainValidationOptions.get(0);
    const record = new Route53Record(this, "certificate-validation-record", {
      zoneId: domain.hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "certificate-validation", {
      provider: this.usEast1,
      certificateArn: this.requestedCertificate.arn,
      validationRecordFqdns: [record.fqdn],
    });
    // The validated ARN, so the distribution waits until the certificate is issued.
    this.certificate = { arn: validation.certificateArn, domainName: domain.name };
  }

  /** Points the name at the distribution (IPv4 and IPv6); needs a hosted zone. */
  addAliasRecords(distribution: CloudfrontDistribution): Route53Record[] {
    const zoneId = this.domain.hostedZoneId;
    if (!zoneId) return [];
    return (["A", "AAAA"] as const).map(
      (type) =>
        new Route53Record(this, `alias-${type.toLowerCase()}`, {
          zoneId,
          name: this.domain.name,
          type,
          alias: {
            name: distribution.domainName,
            zoneId: distribution.hostedZoneId,
            evaluateTargetHealth: false,
          },
        }),
    );
  }
}
