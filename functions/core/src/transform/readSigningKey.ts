import type { SigningKeySource } from "../config/signingKeySource.js";

/**
 * The key transform URLs are signed with, read once at cold start by every function
 * that signs or verifies them: from Secrets Manager in AWS (the SDK client is loaded
 * only then, so a local or keyless cold start does not pay for it), as given locally.
 *
 * @example
 * const key = await readSigningKey(settings.signingKey);
 */
export async function readSigningKey(source: SigningKeySource): Promise<string> {
  if ("value" in source) return source.value;
  const { SecretsManagerClient, GetSecretValueCommand } = await import(
    "@aws-sdk/client-secrets-manager"
  );
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: source.secretArn }),
    );
    if (!SecretString) throw new Error(`The secret ${source.secretArn} holds no string`);
    return SecretString;
  } finally {
    client.destroy();
  }
}
