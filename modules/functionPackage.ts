import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, extname, resolve } from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { archiveDirectory } from "./assets/directoryArchive.js";

export interface FunctionPackageProps {
  /** The npm workspace of the function, e.g. `@imgpipe/process-image`; its `main` is the bundle. */
  readonly packageName: string;
  readonly functionName: string;
  readonly memorySize: number;
  /** Seconds. */
  readonly timeout: number;
  readonly environment: Record<string, string>;
  readonly logRetentionInDays: number;
  /** Layer ARNs, e.g. one that provides sharp for linux-arm64, which the bundle leaves out. */
  readonly layers?: readonly string[];
}

/**
 * A Lambda function built from a function package's bundle (`dist/`), with its own role
 * and log group. The role may write to that log group only; everything else it needs is
 * granted with {@link FunctionPackage.attachInlinePolicy}.
 *
 * @example
 * const fn = new FunctionPackage(this, "process-image", {
 *   packageName: "@imgpipe/process-image",
 *   functionName: "imgpipe-dev-process-image",
 *   memorySize: 2048,
 *   timeout: 60,
 *   environment: {},
 *   logRetentionInDays: 30,
 * });
 * fn.attachInlinePolicy("publish", [{ actions: ["sns:Publish"], resources: [topic.arn] }]);
 */
export class FunctionPackage extends Construct {
  readonly fn: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: FunctionPackageProps) {
    super(scope, id);
    const bundle = resolveBundle(props.packageName);

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionInDays,
    });
    const assumedByLambda = new DataAwsIamPolicyDocument(this, "assumed-by-lambda", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: props.functionName,
      assumeRolePolicy: assumedByLambda.json,
    });
    this.attachInlinePolicy("write-logs", [
      {
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [`${this.logGroup.arn}:*`],
      },
    ]);

    // Zipped here once per content (cdktf would zip it again for every stack and rendering).
    const archive = archiveDirectory(bundle.directory);
    const code = new TerraformAsset(this, "code", {
      path: archive.path,
      type: AssetType.FILE,
      assetHash: archive.hash,
    });
    this.fn = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      role: this.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: bundle.handler,
      filename: code.path,
      sourceCodeHash: code.assetHash,
      memorySize: props.memorySize,
      timeout: props.timeout,
      // The bundle ships its source map: stack traces in the logs point at src/.
      environment: { variables: { ...props.environment, NODE_OPTIONS: "--enable-source-maps" } },
      layers: props.layers ? [...props.layers] : undefined,
      // The role may not create log groups, so the function logs to this one, which
      // Terraform therefore creates first.
      loggingConfig: { logFormat: "Text", logGroup: this.logGroup.name },
    });
  }

  /** Grants the function's role exactly these statements, as one inline policy. */
  attachInlinePolicy(name: string, statements: DataAwsIamPolicyDocumentStatement[]): IamRolePolicy {
    const document = new DataAwsIamPolicyDocument(this, `${name}-document`, {
      statement: statements,
    });
    return new IamRolePolicy(this, `${name}-policy`, {
      name,
      role: this.role.id,
      policy: document.json,
    });
  }
}

interface Bundle {
  /** Absolute path of the folder to zip; it never reaches the synthesized output. */
  directory: string;
  handler: string;
}

/** Finds the bundle through the package's `main`, so this module never hard-codes a path. */
function resolveBundle(packageName: string): Bundle {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const { main } = JSON.parse(readFileSync(manifestPath, "utf8")) as { main?: string };
  if (!main) {
    throw new Error(`${packageName} has no "main" in its package.json to deploy`);
  }
  const entry = resolve(dirname(manifestPath), main);
  if (!existsSync(entry)) {
    throw new Error(
      `${packageName} is not built (${main} is missing): run npm run build -w ${packageName}`,
    );
  }
  return { directory: dirname(entry), handler: `${basename(entry, extname(entry))}.handler` };
}
