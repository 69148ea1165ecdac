/** Terraform JSON of a synthesized stack, as far as going offline needs to know it. */
export interface StackJson {
  terraform?: { backend?: Record<string, unknown>; required_providers?: Record<string, unknown> };
  provider?: Record<string, Record<string, unknown>[]>;
  [section: string]: unknown;
}

/**
 * The same stack, made to plan with no network and no AWS account: state in a local
 * file instead of the S3 backend, and every AWS provider configuration told not to ask
 * AWS who it is (credential, account, region and metadata checks skipped, placeholder
 * keys). `allowed_account_ids` goes too: offline the provider cannot learn the account
 * it would compare. Everything else — resources, data sources, outputs, versions — is
 * the synthesized stack untouched.
 *
 * @example
 * writeFileSync("cdk.tf.json", JSON.stringify(offlineStack(JSON.parse(synthesized))));
 */
export function offlineStack(stack: StackJson): StackJson {
  const copy = structuredClone(stack);
  copy.terraform = { ...copy.terraform, backend: { local: { path: "terraform.tfstate" } } };
  for (const configurations of Object.values(copy.provider ?? {})) {
    for (const configuration of configurations) {
      delete configuration.allowed_account_ids;
      Object.assign(configuration, {
        access_key: "offline",
        secret_key: "offline",
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
      });
    }
  }
  return copy;
}
