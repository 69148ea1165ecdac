import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { ConfigError } from "@imgpipe/core";
import { Construct } from "constructs";

/** S3 appends 26 random characters to a prefix, and bucket names end at 63. */
const MAX_BUCKET_PREFIX_LENGTH = 37;
/** Parts of a multipart upload that never completed cost storage and are never visible. */
const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 1;

export type BucketName = { readonly bucketPrefix: string } | { readonly bucket: string };

export type PrivateBucketProps = BucketName & {
  /**
   * What `destroy` does with the bucket. `retain`: Terraform refuses to destroy it
   * (prevent_destroy) and never deletes objects. `empty-and-delete`: objects (and their
   * versions) are deleted with it.
   */
  readonly onDestroy: "retain" | "empty-and-delete";
  /** Keeps every version of every object (needed to restore an overwritten original). */
  readonly versioned?: boolean;
  /** Lifecycle rules besides the one every bucket gets: abort incomplete multipart uploads. */
  readonly lifecycleRules?: readonly S3BucketLifecycleConfigurationRule[];
};

/**
 * An S3 bucket nobody reaches without IAM: public access blocked, ACLs disabled
 * (bucket owner enforced), encrypted at rest with SSE-S3, plain HTTP denied, and
 * incomplete multipart uploads cleaned up. Services that read it through their own
 * principal (CloudFront) are added with {@link PrivateBucket.allowService}.
 *
 * @example
 * const uploads = new PrivateBucket(this, "uploads", {
 *   bucketPrefix: "imgpipe-dev-uploads-",
 *   onDestroy: "empty-and-delete",
 *   versioned: true,
 * });
 * uploads.bucket.arn; // for policies
 */
export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policyDocument: DataAwsIamPolicyDocument;
  private readonly statements: DataAwsIamPolicyDocumentStatement[];

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    if ("bucketPrefix" in props && props.bucketPrefix.length > MAX_BUCKET_PREFIX_LENGTH) {
      throw new ConfigError(
        `The bucket prefix "${props.bucketPrefix}" is longer than ${MAX_BUCKET_PREFIX_LENGTH} characters: shorten the project or environment name`,
      );
    }
    const retain = props.onDestroy === "retain";
    this.bucket = new S3Bucket(this, "bucket", {
      ...("bucket" in props ? { bucket: props.bucket } : { bucketPrefix: props.bucketPrefix }),
      forceDestroy: !retain,
      ...(retain && { lifecycle: { preventDestroy: true } }),
    });

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
    if (props.versioned) {
      new S3BucketVersioningA(this, "versioning", {
        bucket: this.bucket.id,
        versioningConfiguration: { status: "Enabled" },
      });
    }
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "abort-incomplete-multipart-uploads",
          status: "Enabled",
          filter: [{}],
          abortIncompleteMultipartUpload: [
            { daysAfterInitiation: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS },
          ],
        },
        ...(props.lifecycleRules ?? []),
      ],
    });

    this.statements = [
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ];
    this.policyDocument = new DataAwsIamPolicyDocument(this, "policy-document", {
      statement: this.statements,
    });
    new S3BucketPolicy(this, "policy", {
      // Naming the bucket through the public access block orders the two: S3 rejects
      // concurrent changes to a bucket's public access block and its policy.
      bucket: publicAccessBlock.bucket,
      policy: this.policyDocument.json,
    });
  }

  /**
   * Lets an AWS service read objects under `keyPrefix`, on behalf of one of its resources
   * only (`aws:SourceArn`), e.g. a CloudFront distribution through origin access control.
   */
  allowService(grant: {
    readonly sid: string;
    readonly service: string;
    readonly actions: readonly string[];
    readonly keyPrefix: string;
    readonly sourceArn: string;
  }): void {
    this.statements.push({
      sid: grant.sid,
      principals: [{ type: "Service", identifiers: [grant.service] }],
      actions: [...grant.actions],
      resources: [`${this.bucket.arn}/${grant.keyPrefix}*`],
      condition: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [grant.sourceArn] }],
    });
    // A bucket has one policy: every grant lands in the same document.
    this.policyDocument.putStatement(this.statements);
  }
}
