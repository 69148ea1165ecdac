import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { ConfigError } from "@imgpipe/core";
import { Construct } from "constructs";

/** S3 appends 26 random characters to a prefix, and bucket names end at 63. */
const MAX_BUCKET_PREFIX_LENGTH = 37;

export interface PrivateBucketProps {
  /** Start of the bucket name; S3 appends a random suffix so the name is globally unique. */
  readonly bucketPrefix: string;
}

/**
 * An S3 bucket nobody reaches without IAM: public access blocked, ACLs disabled
 * (bucket owner enforced), encrypted at rest with SSE-S3, and plain HTTP denied.
 *
 * @example
 * const uploads = new PrivateBucket(this, "uploads", { bucketPrefix: "imgpipe-dev-uploads-" });
 * uploads.bucket.arn; // for policies
 */
export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, { bucketPrefix }: PrivateBucketProps) {
    super(scope, id);
    if (bucketPrefix.length > MAX_BUCKET_PREFIX_LENGTH) {
      throw new ConfigError(
        `The bucket prefix "${bucketPrefix}" is longer than ${MAX_BUCKET_PREFIX_LENGTH} characters: shorten the project or environment name`,
      );
    }
    this.bucket = new S3Bucket(this, "bucket", { bucketPrefix });

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership-controls", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });

    const tlsOnly = new DataAwsIamPolicyDocument(this, "tls-only", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new S3BucketPolicy(this, "policy", {
      // Naming the bucket through the public access block orders the two: S3 rejects
      // concurrent changes to a bucket's public access block and its policy.
      bucket: publicAccessBlock.bucket,
      policy: tlsOnly.json,
    });
  }
}
