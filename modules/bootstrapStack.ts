import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  applyRoleName,
  type BootstrapConfig,
  permissionsBoundaryArn,
  permissionsBoundaryName,
  planRoleName,
  stateBucketName,
} from "@imgpipe/core";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { applyStatements, boundaryStatements, planStatements } from "./ciPolicies.js";
import { pipelineStateKey } from "./pipelineStack.js";
import { PrivateBucket } from "./privateBucket.js";
import { requireTerraformAndProvider } from "./terraformRequirements.js";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** How long the state of a replaced state version stays restorable. */
const STATE_VERSIONS_DAYS = 90;

export interface BootstrapStackProps {
  readonly bootstrap: BootstrapConfig;
  /** The deployed environments; each gets its own apply role, trusted for its GitHub environment only. */
  readonly environments: readonly string[];
  /** Where Terraform keeps this stack's own state, relative to its synthesized folder. */
  readonly localStatePath: string;
}

/** The name of the bootstrap stack, e.g. `imgpipe-bootstrap`. */
export function bootstrapStackName(bootstrap: Pick<BootstrapConfig, "project">) {
  return `${bootstrap.project}-bootstrap`;
}

/** What GitHub puts in the `sub` claim of a job of `repository` in a GitHub environment. */
export function environmentSubject(repository: string, environment: string) {
  return `${repository}:environment:${environment}`;
}

/**
 * What every environment stack needs before its first plan, applied once by an
 * administrator with local state: the versioned, encrypted, TLS-only state bucket, and
 * GitHub Actions' access through OIDC (no stored keys).
 *
 * - The plan role reads (a scoped read policy, never the users' objects or rows); pull
 *   requests and the main branch of this repository may assume it.
 * - One apply role per environment, `{project}-ci-apply-{environment}`, trusted only for
 *   the jobs of that GitHub environment (protect it), limited to that environment's
 *   resources and state key. It creates roles only with that environment's permissions
 *   boundary, which this stack defines, and passes them to the named services only.
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
  /** One per environment, by environment name. */
  readonly applyRoles: Readonly<Record<string, IamRole>>;
  /** One per environment, by environment name. */
  readonly permissionsBoundaries: Readonly<Record<string, IamPolicy>>;

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
    requireTerraformAndProvider(this);

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

    this.planRole = new IamRole(this, "plan-role", {
      name: planRoleName(project),
      description:
        "GitHub Actions: terraform plan of pull requests and of the main branch (read only)",
      assumeRolePolicy: this.trustedBy("plan", [
        `${repository}:pull_request`,
        `${repository}:ref:refs/heads/main`,
      ]),
      maxSessionDuration: 3600,
    });
    this.inlinePolicy(
      this.planRole,
      "plan",
      planStatements(project, account, { bucketArn: state.arn, keyPrefix: `${project}/` }),
    );

    const applyRoles: Record<string, IamRole> = {};
    const boundaries: Record<string, IamPolicy> = {};
    for (const environment of environments) {
      const scope = { project, environment, account };
      const boundary = new IamPolicy(this, `${environment}-permissions-boundary`, {
        name: permissionsBoundaryName(project, environment),
        description: `The most any role of the ${environment} stack may do`,
        policy: this.policyDocument(`${environment}-boundary`, boundaryStatements(scope)).json,
      });
      const role = new IamRole(this, `${environment}-apply-role`, {
        name: applyRoleName(project, environment),
        description: `GitHub Actions: terraform apply of ${environment}, from its GitHub environment only`,
        assumeRolePolicy: this.trustedBy(`${environment}-apply`, [
          environmentSubject(repository, environment),
        ]),
        maxSessionDuration: 3600,
      });
      this.inlinePolicy(
        role,
        `apply-${environment}`,
        applyStatements(
          scope,
          { bucketArn: state.arn, key: pipelineStateKey({ project, environment }) },
          permissionsBoundaryArn(bootstrap, environment),
        ),
      );
      applyRoles[environment] = role;
      boundaries[environment] = boundary;
      new TerraformOutput(this, `apply_role_arn_${environment}`, { value: role.arn });
    }
    this.applyRoles = applyRoles;
    this.permissionsBoundaries = boundaries;

    new TerraformOutput(this, "state_bucket", { value: state.bucket });
    new TerraformOutput(this, "plan_role_arn", { value: this.planRole.arn });
  }

  /** A trust policy: GitHub's OIDC tokens for STS whose subject is one of `subjects`. */
  private trustedBy(name: string, subjects: string[]): string {
    return this.policyDocument(`${name}-trust`, [
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
    ]).json;
  }

  private policyDocument(name: string, statements: DataAwsIamPolicyDocumentStatement[]) {
    return new DataAwsIamPolicyDocument(this, name, { statement: statements });
  }

  private inlinePolicy(
    role: IamRole,
    name: string,
    statements: DataAwsIamPolicyDocumentStatement[],
  ) {
    return new IamRolePolicy(this, `${name}-policy`, {
      name,
      role: role.id,
      policy: this.policyDocument(`${name}-policy-document`, statements).json,
    });
  }
}
