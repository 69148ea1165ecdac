import type { TerraformStack } from "cdktf";

/** S3-native state locking (`use_lockfile`) arrived in Terraform 1.10. */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10";

/**
 * The AWS provider versions the stacks work with: the 6.x the bindings of
 * `@cdktf/provider-aws` describe (its schema checks every argument), and 5.100, which the
 * offline plan in `npm test` runs and each stack's committed `.terraform.lock.hcl` pins.
 */
export const AWS_PROVIDER_VERSION = ">= 5.100.0, < 7.0.0";

/**
 * Writes the Terraform and AWS provider versions a stack needs into its `terraform`
 * block, in place of the exact version the bindings would pin.
 */
export function requireTerraformAndProvider(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  stack.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_VERSION);
}
