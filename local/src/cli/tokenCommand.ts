import type { LocalCloudClient } from "./localCloudClient.js";

/**
 * `imgpipe token <user>`: a bearer token from the local dev issuer. Only the token goes
 * to stdout, so that `TOKEN=$(npx imgpipe token alice)` works.
 */
export async function tokenCommand(
  cloud: LocalCloudClient,
  user: string,
  scopes: string[],
  expiresInSeconds: number | undefined,
) {
  const { token, expiresAt } = await cloud.control<{ token: string; expiresAt: string }>(
    "/_local/issuer/token",
    { method: "POST", body: { user, scopes, ...(expiresInSeconds && { expiresInSeconds }) } },
  );
  console.log(token);
  console.error(`token for ${user}, valid until ${expiresAt}, issuer ${cloud.status.issuer}`);
}
