import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { promisify } from "node:util";

export interface RsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * The RSA key at `path` (PKCS#8 PEM), created on first use. Kept in the data folder so
 * that certificates and tokens stay valid across restarts, and so that a restart does
 * not pay for key generation.
 */
export async function loadOrCreateRsaKey(path: string): Promise<RsaKeyPair> {
  try {
    const privateKey = createPrivateKey(await readFile(path, "utf8"));
    return { privateKey, publicKey: createPublicKey(privateKey) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const pair = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, pair.privateKey.export({ type: "pkcs8", format: "pem" }), {
    mode: 0o600,
  });
  return pair;
}
