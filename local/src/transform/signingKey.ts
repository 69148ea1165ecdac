import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Where the local cloud keeps the key that signs transform URLs. */
export function signingKeyPath(dataDir: string): string {
  return join(dataDir, "transform", "signing-key");
}

/**
 * The local transform signing key, created on first use and kept in the data folder so
 * that signed URLs stay valid across restarts. (In AWS the key is a Secrets Manager secret.)
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<string> {
  const path = signingKeyPath(dataDir);
  try {
    return (await readFile(path, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = randomBytes(32).toString("base64url");
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, key, { mode: 0o600 });
  return key;
}
