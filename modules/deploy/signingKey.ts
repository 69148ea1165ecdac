import { randomBytes } from "node:crypto";
import type {
  DescribeSecretCommandOutput,
  PutSecretValueCommandOutput,
} from "@aws-sdk/client-secrets-manager";
import { DescribeSecretCommand, PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";

/** The Secrets Manager client calls seeding needs; a `SecretsManagerClient` fits. */
export interface SecretsClient {
  send(command: DescribeSecretCommand): Promise<DescribeSecretCommandOutput>;
  send(command: PutSecretValueCommand): Promise<PutSecretValueCommandOutput>;
}

/** Whether a secret has a value the functions read (a version staged `AWSCURRENT`). */
export function hasCurrentValue(secret: Pick<DescribeSecretCommandOutput, "VersionIdsToStages">) {
  return Object.values(secret.VersionIdsToStages ?? {}).some((stages) =>
    stages.includes("AWSCURRENT"),
  );
}

/** A new signing key: 256 random bits, URL-safe. */
export function newSigningKey(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Gives the stack's signing-key secret its first value, after an apply created it. The
 * value is made here, not by Terraform, so it is never in the configuration, the plan or
 * the state, and the plan role (which reads state) never sees it. An existing value is
 * kept: rotating it invalidates every signed URL, so it is a deliberate act.
 */
export async function seedSigningKey(
  client: SecretsClient,
  secretId: string,
): Promise<"created" | "kept"> {
  const secret = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (hasCurrentValue(secret)) return "kept";
  await client.send(
    new PutSecretValueCommand({ SecretId: secretId, SecretString: newSigningKey() }),
  );
  return "created";
}
