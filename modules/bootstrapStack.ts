import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { type BootstrapConfig, stateBucketName } from "@imgpipe/core";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { PrivateBucket } from "./privateBucket.js";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** AWS's managed read-only policy: what `terraform plan` needs to refresh every resource. */
export const READ_ONLY_ACCESS_POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";
/** How long the state of a replaced state version stays restorable. */
const STATE_VERSIONS_DAYS = 90;

export interface BootstrapStackProps {
  readonly bootstrap: BootstrapConfig;
  /** The deployed environments; each may be a protected GitHub environment of the apply job. */
  readonly environments: readonly string[];
  /** Where Terraform keeps this stack's own state, relative to its synthesized folder. */
  readonly localStatePath: string;
}

/** The roles GitHub Actions assumes, e.g. `imgpipe-ci-plan`; the workflows build the same names. */
export function ciRoleName(project: string, purpose: "plan" | "apply") {
  return `${project}-ci-${purpose}`;
}

/** The name of the bootstrap stack, e.g. `imgpipe-bootstrap`. */
export function bootstrapStackName(bootstrap: Pick<BootstrapConfig, "project">) {
  return `${bootstrap.project}-bootstrap`;
}

/**
 * What every environment stack needs before its first plan, applied once by an
 * administrator with local state: the versioned, encrypted, TLS-only state bucket, and
 * GitHub Actions' access through OIDC (no stored keys). The plan role reads; it is
 * trusted for pull requests of this repository only. The apply role changes the
 * project's resources; it is trusted for the main branch and the environments' GitHub
 * environments (protect them) of this repository only.
 *
 * @example
 * new BootstrapStack(app, bootstrapStackName(bootstrap), {
 *   bootstrap,
 *   environments: ["dev", "prod"],
 *   localStatePath: "../../../terraform.imgpipe-bootstrap.tfstate",
 * });
 */
export class BootstrapStack extends TerraformStack {
  readonly stateBucket: PrivateBucket;
  readonly githubOidc: IamOpenidConnectProvider;
  readonly planRole: IamRole;
  readonly applyRole: IamRole;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { bootstrap, environments } = props;
    const { project, awsAccountId: account } = bootstrap;
    new LocalBackend(this, { path: props.localStatePath });
    new AwsProvider(this, "aws", {
      region: bootstrap.region,
      allowedAccountIds: [account],
      defaultTags: [{ tags: { Project: project, Environment: "bootstrap", ManagedBy: "cdktf" } }],
    });

    this.stateBucket = new PrivateBucket(this, "state", {
      bucket: stateBucketName(bootstrap),
      onDestroy: "retain",
      versioned: true,
      lifecycleRules: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: STATE_VERSIONS_DAYS }],
        },
      ],
    });
    const state = this.stateBucket.bucket;

    this.githubOidc = new IamOpenidConnectProvider(this, "github-oidc", {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: ["sts.amazonaws.com"],
    });
    const repository = `repo:${bootstrap.github.owner}/${bootstrap.github.repo}`;
    const trustedBy = (name: string, subjects: string[]) =>
      new DataAwsIamPolicyDocument(this, `${name}-trust`, {
        statement: [
          {
            actions: ["sts:AssumeRoleWithWebIdentity"],
            principals: [{ type: "Federated", identifiers: [this.githubOidc.arn] }],
            condition: [
              {
                test: "StringEquals",
                variable: `${GITHUB_OIDC_HOST}:aud`,
                values: ["sts.amazonaws.com"],
              },
              { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:sub`, values: subjects },
            ],
          },
        ],
      }).json;

    this.planRole = new IamRole(this, "plan-role", {
      name: ciRoleName(project, "plan"),
      description: "GitHub Actions: terraform plan on pull requests (read only)",
      assumeRolePolicy: trustedBy("plan", [`${repository}:pull_request`]),
      maxSessionDuration: 3600,
    });
    new IamRolePolicyAttachment(this, "plan-read-only", {
      role: this.planRole.name,
      policyArn: READ_ONLY_ACCESS_POLICY_ARN,
    });
    this.inlinePolicy(this.planRole, "plan", [
      {
        // ReadOnlyAccess reads objects too; a plan never needs the users' images.
        sid: "NoUserData",
        effect: "Deny",
        actions: [
          "s3:GetObject",
          "s3:GetObjectVersion",
          "dynamodb:GetItem",
          "dynamodb:Query",
          "dynamodb:Scan",
          "dynamodb:BatchGetItem",
        ],
        resources: [
          `arn:aws:s3:::${project}-*-uploads-*/*`,
          `arn:aws:s3:::${project}-*-processed-*/*`,
          `arn:aws:dynamodb:*:${account}:table/${project}-*`,
        ],
      },
    ]);

    this.applyRole = new IamRole(this, "apply-role", {
      name: ciRoleName(project, "apply"),
      description: "GitHub Actions: terraform apply on the main branch",
      assumeRolePolicy: trustedBy("apply", [
        `${repository}:ref:refs/heads/main`,
        ...environments.map((environment) => `${repository}:environment:${environment}`),
      ]),
      maxSessionDuration: 3600,
    });
    this.inlinePolicy(this.applyRole, "apply", applyStatements(project, account, state.arn));

    new TerraformOutput(this, "state_bucket", { value: state.bucket });
    new TerraformOutput(this, "plan_role_arn", { value: this.planRole.arn });
    new TerraformOutput(this, "apply_role_arn", { value: this.applyRole.arn });
  }

  private inlinePolicy(
    role: IamRole,
    name: string,
    statements: DataAwsIamPolicyDocumentStatement[],
  ) {
    const document = new DataAwsIamPolicyDocument(this, `${name}-policy-document`, {
      statement: statements,
    });
    return new IamRolePolicy(this, `${name}-policy`, {
      name,
      role: role.id,
      policy: document.json,
    });
  }
}

/**
 * What `terraform apply` of a pipeline stack does, limited to the project's names where
 * the service names resources (`{project}-…`). CloudFront, ACM, Route 53 records, API
 * Gateway and Cognito name theirs with generated ids, so those are not limited by name.
 * The roles of CI itself and the state bucket's own settings stay out of reach.
 */
export function applyStatements(
  project: string,
  account: string,
  stateBucketArn: string,
): DataAwsIamPolicyDocumentStatement[] {
  const named = `${project}-*`;
  return [
    {
      sid: "ProjectBuckets",
      actions: ["s3:*"],
      resources: [`arn:aws:s3:::${named}`, `arn:aws:s3:::${named}/*`],
    },
    {
      sid: "ProjectTables",
      actions: ["dynamodb:*"],
      resources: [`arn:aws:dynamodb:*:${account}:table/${named}`],
    },
    {
      sid: "ProjectFunctionsAndLayers",
      actions: ["lambda:*"],
      resources: [
        `arn:aws:lambda:*:${account}:function:${named}`,
        `arn:aws:lambda:*:${account}:layer:${named}`,
        `arn:aws:lambda:*:${account}:layer:${named}:*`,
      ],
    },
    {
      sid: "ProjectTopicsQueuesRules",
      actions: ["sns:*", "sqs:*", "events:*"],
      resources: [
        `arn:aws:sns:*:${account}:${named}`,
        `arn:aws:sqs:*:${account}:${named}`,
        `arn:aws:events:*:${account}:rule/${named}`,
      ],
    },
    {
      sid: "ProjectLogsAndAlarms",
      actions: ["logs:*", "cloudwatch:*"],
      resources: [
        `arn:aws:logs:*:${account}:log-group:/aws/lambda/${named}`,
        `arn:aws:logs:*:${account}:log-group:/aws/lambda/${named}:*`,
        `arn:aws:logs:*:${account}:log-group:/aws/apigateway/${named}`,
        `arn:aws:logs:*:${account}:log-group:/aws/apigateway/${named}:*`,
        `arn:aws:cloudwatch:*:${account}:alarm:${named}`,
      ],
    },
    {
      sid: "ProjectFunctionRoles",
      actions: ["iam:*"],
      resources: [`arn:aws:iam::${account}:role/${named}`],
    },
    {
      // API Gateway's service-linked role, created the first time a stage logs.
      sid: "ApiGatewayServiceLinkedRole",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: [
        `arn:aws:iam::${account}:role/aws-service-role/ops.apigateway.amazonaws.com/AWSServiceRoleForAPIGateway`,
      ],
      condition: [
        {
          test: "StringEquals",
          variable: "iam:AWSServiceName",
          values: ["ops.apigateway.amazonaws.com"],
        },
      ],
    },
    {
      // Lists, and the log deliveries an HTTP API stage needs for its access logs.
      sid: "ListsWithoutResourceNames",
      actions: [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
        "cloudwatch:DescribeAlarms",
        "lambda:GetLayerVersion",
        "lambda:ListLayerVersions",
        "sts:GetCallerIdentity",
      ],
      resources: ["*"],
    },
    {
      sid: "ServicesWithGeneratedIds",
      actions: [
        "cloudfront:*",
        "acm:*",
        "route53:GetHostedZone",
        "route53:ListResourceRecordSets",
        "route53:ChangeResourceRecordSets",
        "route53:GetChange",
        "apigateway:*",
        "cognito-idp:*",
      ],
      resources: ["*"],
    },
    {
      sid: "NotCiItself",
      effect: "Deny",
      actions: ["iam:*"],
      resources: [
        `arn:aws:iam::${account}:role/${project}-ci-*`,
        `arn:aws:iam::${account}:oidc-provider/*`,
      ],
    },
    {
      sid: "NotTheStateBucketSettings",
      effect: "Deny",
      actions: [
        "s3:DeleteBucket",
        "s3:PutBucketPolicy",
        "s3:DeleteBucketPolicy",
        "s3:PutBucketVersioning",
        "s3:PutLifecycleConfiguration",
        "s3:PutEncryptionConfiguration",
        "s3:PutBucketPublicAccessBlock",
      ],
      resources: [stateBucketArn],
    },
  ];
}
