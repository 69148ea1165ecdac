import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";

/** The name Terraform gives a configuration's provider lock file. */
export const LOCK_FILE_NAME = ".terraform.lock.hcl";

/** Where the committed provider lock file of a stack lives: `<lockDir>/<stack>/.terraform.lock.hcl`. */
export function lockFilePath(lockDir: string, stack: string): string {
  return join(lockDir, stack, LOCK_FILE_NAME);
}

/**
 * Copies a stack's committed lock file beside its synthesized configuration, so
 * `terraform init` installs exactly the locked provider and checks its hashes.
 *
 * @returns whether the stack has a committed lock file
 */
export function copyLockFile(lockDir: string, stack: string, stackDir: string): boolean {
  const lockFile = lockFilePath(lockDir, stack);
  if (!existsSync(lockFile)) return false;
  copyFileSync(lockFile, join(stackDir, LOCK_FILE_NAME));
  return true;
}
