import type { TransformFunctionSettings } from "@imgpipe/core";

/**
 * The key transform URLs are signed with, read once at cold start: from Secrets
 * Manager in AWS (the SDK client is loaded only then), as given locally.
 */
export async function readSigningKey(
  source: TransformFunctionSettings["signingKey"],
): Promise<string> {
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
