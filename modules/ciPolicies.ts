import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

/**
 * The IAM policies of CI and of the roles an environment's stack creates, as plain
 * statements (pure: the bootstrap stack renders them, the tests read them).
 *
 * Services that name their resources (S3, DynamoDB, Lambda, SNS, SQS, EventBridge, Logs,
 * CloudWatch, IAM roles, CloudFront functions) are limited to `{project}-{environment}-*`.
 * CloudFront distributions and policies, ACM certificates, API Gateway APIs, Cognito
 * user pools and Route 53 changes carry generated ids: they are limited to the account's
 * ARNs of their resource type, and a Deny keeps each role off resources tagged for
 * another environment (every stack tags everything with `Environment`).
 */

/** Who the policies are for: one environment of one project in one account. */
export interface EnvironmentScope {
  readonly project: string;
  readonly environment: string;
  readonly account: string;
}

/** The services that may be handed a role of an environment's stack (`iam:PassRole`). */
export const ROLE_TAKING_SERVICES = ["lambda.amazonaws.com"] as const;

/** The IAM actions that write a role's permissions: allowed only with the boundary attached. */
export const ROLE_PERMISSION_WRITES = [
  "iam:CreateRole",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
] as const;

/** The services whose resources carry generated ids, guarded by the `Environment` tag. */
const GENERATED_ID_SERVICES = ["cloudfront", "acm", "apigateway", "cognito-idp"] as const;

const arns = ({ project, environment, account }: EnvironmentScope) => {
  const named = `${project}-${environment}-*`;
  return {
    named,
    buckets: [`arn:aws:s3:::${named}`, `arn:aws:s3:::${named}/*`],
    tables: [`arn:aws:dynamodb:*:${account}:table/${named}`],
    tableParts: [`arn:aws:dynamodb:*:${account}:table/${named}/*`],
    functions: [`arn:aws:lambda:*:${account}:function:${named}`],
    layers: [
      `arn:aws:lambda:*:${account}:layer:${named}`,
      `arn:aws:lambda:*:${account}:layer:${named}:*`,
    ],
    topics: [`arn:aws:sns:*:${account}:${named}`],
    queues: [`arn:aws:sqs:*:${account}:${named}`],
    rules: [`arn:aws:events:*:${account}:rule/${named}`],
    logGroups: ["lambda", "apigateway"].flatMap((service) => [
      `arn:aws:logs:*:${account}:log-group:/aws/${service}/${named}`,
      `arn:aws:logs:*:${account}:log-group:/aws/${service}/${named}:*`,
    ]),
    alarms: [`arn:aws:cloudwatch:*:${account}:alarm:${named}`],
    roles: [`arn:aws:iam::${account}:role/${named}`],
    secrets: [`arn:aws:secretsmanager:*:${account}:secret:${named}`],
  };
};

/** Account-scoped ARNs of the services with generated ids (no name to scope by). */
function generatedIdResources(account: string, cloudfrontFunctions: string) {
  return {
    cloudfront: [
      `arn:aws:cloudfront::${account}:distribution/*`,
      `arn:aws:cloudfront::${account}:origin-access-control/*`,
      `arn:aws:cloudfront::${account}:cache-policy/*`,
      `arn:aws:cloudfront::${account}:origin-request-policy/*`,
      `arn:aws:cloudfront::${account}:response-headers-policy/*`,
      `arn:aws:cloudfront::${account}:function/${cloudfrontFunctions}`,
    ],
    // CloudFront takes certificates from us-east-1 only.
    acm: [`arn:aws:acm:us-east-1:${account}:certificate/*`],
    apigateway: [
      "arn:aws:apigateway:*::/apis",
      "arn:aws:apigateway:*::/apis/*",
      "arn:aws:apigateway:*::/tags/*",
    ],
    cognito: [`arn:aws:cognito-idp:*:${account}:userpool/*`],
    route53: ["arn:aws:route53:::hostedzone/*", "arn:aws:route53:::change/*"],
  };
}

/** Describe and list calls that name no resource, which Terraform makes while it reads. */
const UNNAMED_READS = [
  "sts:GetCallerIdentity",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:GetLogDelivery",
  "logs:ListLogDeliveries",
  "cloudwatch:DescribeAlarms",
  "cloudfront:ListDistributions",
  "cloudfront:ListCachePolicies",
  "cloudfront:ListOriginAccessControls",
  "cloudfront:ListResponseHeadersPolicies",
  "cloudfront:ListFunctions",
  "acm:ListCertificates",
  "cognito-idp:ListUserPools",
  "route53:ListHostedZones",
];

/**
 * The apply role of one environment: what `terraform apply` of its pipeline stack does,
 * and nothing of any other environment, of CI itself or of the state bucket's settings.
 */
export function applyStatements(
  scope: EnvironmentScope,
  state: { readonly bucketArn: string; readonly key: string },
  boundaryArn: string,
): DataAwsIamPolicyDocumentStatement[] {
  const { project, environment, account } = scope;
  const own = arns(scope);
  const generated = generatedIdResources(account, own.named);
  return [
    {
      sid: "OwnState",
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      // The state and its S3 lock file (use_lockfile).
      resources: [`${state.bucketArn}/${state.key}`, `${state.bucketArn}/${state.key}.tflock`],
    },
    {
      // The backend lists the bucket for workspaces; keys reveal no state.
      sid: "ListStateBucket",
      actions: ["s3:ListBucket"],
      resources: [state.bucketArn],
    },
    { sid: "Buckets", actions: ["s3:*"], resources: own.buckets },
    { sid: "Tables", actions: ["dynamodb:*"], resources: [...own.tables, ...own.tableParts] },
    {
      sid: "FunctionsAndLayers",
      actions: ["lambda:*"],
      resources: [...own.functions, ...own.layers],
    },
    { sid: "Topics", actions: ["sns:*"], resources: own.topics },
    { sid: "Queues", actions: ["sqs:*"], resources: own.queues },
    { sid: "Rules", actions: ["events:*"], resources: own.rules },
    { sid: "LogGroups", actions: ["logs:*"], resources: own.logGroups },
    { sid: "Alarms", actions: ["cloudwatch:*"], resources: own.alarms },
    { sid: "Secrets", actions: ["secretsmanager:*"], resources: own.secrets },
    {
      sid: "RolesOnlyWithTheBoundary",
      actions: [...ROLE_PERMISSION_WRITES],
      resources: own.roles,
      condition: [
        { test: "StringEquals", variable: "iam:PermissionsBoundary", values: [boundaryArn] },
      ],
    },
    {
      sid: "RolesReadAndRetire",
      actions: [
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListRoleTags",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:UpdateAssumeRolePolicy",
        "iam:DeleteRole",
      ],
      resources: own.roles,
    },
    {
      sid: "PassRolesToNamedServices",
      actions: ["iam:PassRole"],
      resources: own.roles,
      condition: [
        {
          test: "StringEquals",
          variable: "iam:PassedToService",
          values: [...ROLE_TAKING_SERVICES],
        },
      ],
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
    { sid: "Cdn", actions: ["cloudfront:*"], resources: generated.cloudfront },
    { sid: "Certificates", actions: ["acm:*"], resources: generated.acm },
    { sid: "HttpApis", actions: ["apigateway:*"], resources: generated.apigateway },
    { sid: "UserPools", actions: ["cognito-idp:*"], resources: generated.cognito },
    {
      sid: "DnsRecords",
      actions: [
        "route53:GetHostedZone",
        "route53:ListResourceRecordSets",
        "route53:ChangeResourceRecordSets",
        "route53:GetChange",
        "route53:ListTagsForResource",
      ],
      resources: generated.route53,
    },
    {
      // Calls that name no resource: reads, creations whose id AWS makes up, and the
      // log delivery of an HTTP API stage's access logs.
      sid: "WithoutResourceNames",
      actions: [
        ...UNNAMED_READS,
        "acm:RequestCertificate",
        "cognito-idp:CreateUserPool",
        "logs:CreateLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:PutResourcePolicy",
        "lambda:GetLayerVersion",
        "lambda:ListLayerVersions",
      ],
      resources: ["*"],
    },
    {
      sid: "NotOtherEnvironmentsResources",
      effect: "Deny",
      actions: GENERATED_ID_SERVICES.map((service) => `${service}:*`),
      resources: ["*"],
      condition: [
        { test: "StringNotEquals", variable: "aws:ResourceTag/Environment", values: [environment] },
        { test: "Null", variable: "aws:ResourceTag/Environment", values: ["false"] },
      ],
    },
    {
      sid: "NoOtherEnvironmentsTags",
      effect: "Deny",
      actions: GENERATED_ID_SERVICES.map((service) => `${service}:*`),
      resources: ["*"],
      condition: [
        { test: "StringNotEquals", variable: "aws:RequestTag/Environment", values: [environment] },
        { test: "Null", variable: "aws:RequestTag/Environment", values: ["false"] },
      ],
    },
    {
      sid: "NotCiItself",
      effect: "Deny",
      actions: ["iam:*"],
      resources: [
        `arn:aws:iam::${account}:role/${project}-ci-*`,
        `arn:aws:iam::${account}:policy/*`,
        `arn:aws:iam::${account}:oidc-provider/*`,
      ],
    },
    {
      sid: "BoundaryStays",
      effect: "Deny",
      actions: ["iam:DeleteRolePermissionsBoundary"],
      resources: ["*"],
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
      resources: [state.bucketArn],
    },
  ];
}

/**
 * The most any role of one environment's stack may do, whatever its own policies say:
 * the data-plane calls of the pipeline's functions on that environment's resources.
 * A function needing another service needs it added here first.
 */
export function boundaryStatements(scope: EnvironmentScope): DataAwsIamPolicyDocumentStatement[] {
  const own = arns(scope);
  return [
    {
      sid: "Objects",
      actions: [
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:GetObjectTagging",
        "s3:PutObject",
        "s3:PutObjectTagging",
        "s3:DeleteObject",
        "s3:DeleteObjectVersion",
        "s3:AbortMultipartUpload",
        "s3:ListBucket",
        "s3:ListBucketVersions",
      ],
      resources: own.buckets,
    },
    {
      sid: "Rows",
      actions: [
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:Query",
        "dynamodb:BatchGetItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:ConditionCheckItem",
      ],
      resources: [...own.tables, ...own.tableParts],
    },
    { sid: "Publish", actions: ["sns:Publish"], resources: own.topics },
    {
      sid: "Queues",
      actions: [
        "sqs:SendMessage",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ChangeMessageVisibility",
      ],
      resources: own.queues,
    },
    { sid: "Invoke", actions: ["lambda:InvokeFunction"], resources: own.functions },
    { sid: "ReadSecrets", actions: ["secretsmanager:GetSecretValue"], resources: own.secrets },
    {
      sid: "Logs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: own.logGroups,
    },
  ];
}

/**
 * The plan role: reads what `terraform plan` refreshes in every environment of the
 * project, and every environment's state — never an object of the users' buckets or a
 * row of a table, never anything outside the project where the service names resources.
 */
export function planStatements(
  project: string,
  account: string,
  state: { readonly bucketArn: string; readonly keyPrefix: string },
): DataAwsIamPolicyDocumentStatement[] {
  const all = arns({ project, environment: "*", account });
  const generated = generatedIdResources(account, `${project}-*`);
  return [
    {
      sid: "States",
      actions: ["s3:GetObject"],
      resources: [`${state.bucketArn}/${state.keyPrefix}*`],
    },
    { sid: "ListStateBucket", actions: ["s3:ListBucket"], resources: [state.bucketArn] },
    {
      sid: "BucketSettings",
      actions: [
        "s3:GetBucket*",
        "s3:GetAccelerateConfiguration",
        "s3:GetEncryptionConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:GetReplicationConfiguration",
        "s3:GetIntelligentTieringConfiguration",
        "s3:GetAnalyticsConfiguration",
        "s3:GetInventoryConfiguration",
        "s3:GetMetricsConfiguration",
      ],
      resources: [all.buckets[0] as string],
    },
    {
      sid: "TableSettings",
      actions: [
        "dynamodb:DescribeTable",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:ListTagsOfResource",
      ],
      resources: all.tables,
    },
    {
      sid: "FunctionSettings",
      actions: [
        "lambda:GetFunction",
        "lambda:GetFunctionConfiguration",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:GetFunctionEventInvokeConfig",
        "lambda:GetPolicy",
        "lambda:GetLayerVersion",
        "lambda:ListVersionsByFunction",
        "lambda:ListTags",
      ],
      resources: [...all.functions, ...all.layers],
    },
    {
      sid: "MessagingSettings",
      actions: [
        "sns:GetTopicAttributes",
        "sns:GetSubscriptionAttributes",
        "sns:ListSubscriptionsByTopic",
        "sns:ListTagsForResource",
        "sqs:GetQueueAttributes",
        "sqs:ListQueueTags",
        "events:DescribeRule",
        "events:ListTargetsByRule",
        "events:ListTagsForResource",
      ],
      resources: [...all.topics, ...all.queues, ...all.rules],
    },
    {
      sid: "LogAndAlarmSettings",
      actions: [
        "logs:ListTagsForResource",
        "logs:ListTagsLogGroup",
        "cloudwatch:ListTagsForResource",
      ],
      resources: [...all.logGroups, ...all.alarms],
    },
    {
      sid: "RoleSettings",
      actions: [
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListRoleTags",
      ],
      resources: all.roles,
    },
    {
      // The signing key's settings, never its value: the value is made after apply
      // (deploy/signingKey.ts), so no plan reads it.
      sid: "SecretSettings",
      actions: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
      resources: all.secrets,
    },
    {
      sid: "GeneratedIdSettings",
      actions: [
        "cloudfront:Get*",
        "cloudfront:DescribeFunction",
        "cloudfront:ListTagsForResource",
        "acm:DescribeCertificate",
        "acm:ListTagsForCertificate",
        "apigateway:GET",
        "cognito-idp:DescribeUserPool",
        "cognito-idp:DescribeUserPoolClient",
        "cognito-idp:DescribeUserPoolDomain",
        "cognito-idp:GetUserPoolMfaConfig",
        "cognito-idp:ListTagsForResource",
        "route53:GetHostedZone",
        "route53:ListResourceRecordSets",
        "route53:GetChange",
      ],
      resources: Object.values(generated).flat(),
    },
    { sid: "WithoutResourceNames", actions: UNNAMED_READS, resources: ["*"] },
  ];
}
