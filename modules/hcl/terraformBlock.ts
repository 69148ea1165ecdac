/**
 * cdktf 0.21 renders the `terraform` block's plain attributes (`required_version`) in
 * HCL as `0 = "required_version"`: it hands the attribute names, not their values, to
 * its renderer. This puts each one back as `name = value`, from the stack's JSON.
 *
 * @example
 * restoreTerraformAttributes('terraform {\n  0 = "required_version"\n}\n', { required_version: ">= 1.10" });
 * // 'terraform {\n  required_version = ">= 1.10"\n}\n'
 */
export function restoreTerraformAttributes(
  hcl: string,
  terraformBlock: Record<string, unknown>,
): string {
  return hcl.replace(/^(\s*)\d+ = "([A-Za-z_][\w-]*)"$/gm, (line, indent: string, name: string) => {
    const value = terraformBlock[name];
    return typeof value === "string" ? `${indent}${name} = ${JSON.stringify(value)}` : line;
  });
}
