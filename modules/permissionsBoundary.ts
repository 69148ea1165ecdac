import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IAspect } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Gives every IAM role of a stack the environment's permissions boundary: the apply role
 * may create roles only with it, so a role added by any construct, now or later, carries
 * it without the construct knowing.
 *
 * @example
 * Aspects.of(stack).add(new PermissionsBoundary(permissionsBoundaryArn(bootstrap, "dev")));
 */
export class PermissionsBoundary implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole) node.permissionsBoundary = this.boundaryArn;
  }
}
