// Writes each synthesized stack's provider lock file to locks/<stack>/.terraform.lock.hcl.
//
//   npm run providers:lock                    offline, from the AWS provider mirror on this machine
//   npm run providers:lock -- --platform darwin_arm64 --platform windows_amd64 …
//                                             online (the Terraform registry): adds those platforms'
//                                             hashes for the version already locked
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { findProviderMirror, PROVIDER_MIRROR_VARIABLE } from "../terraform/providerMirror.js";
import { terraform } from "../terraform/terraformCli.js";
import { LOCK_FILE_NAME, lockFilePath } from "./lockFiles.js";

const projectDir = fileURLToPath(new URL("../..", import.meta.url));
const stacksDir = join(projectDir, "cdktf.out", "stacks");
const lockDir = join(projectDir, "locks");

const { values } = parseArgs({ options: { platform: { type: "string", multiple: true } } });
const online = (values.platform ?? []).length > 0;
const mirror = online ? undefined : findProviderMirror();
if (!online && !mirror) {
  throw new Error(
    `No AWS provider mirror found; set ${PROVIDER_MIRROR_VARIABLE}, or add platforms online with --platform`,
  );
}
if (!existsSync(stacksDir)) throw new Error("Nothing synthesized: run npm run synth first");

for (const stack of readdirSync(stacksDir).sort()) {
  const work = mkdtempSync(join(tmpdir(), `imgpipe-lock-${stack}-`));
  cpSync(join(stacksDir, stack, "cdk.tf.json"), join(work, "cdk.tf.json"));
  const committed = lockFilePath(lockDir, stack);
  // Starting from the committed file keeps its version; only hashes are added.
  if (existsSync(committed)) cpSync(committed, join(work, LOCK_FILE_NAME));
  const platforms = online ? (values.platform as string[]) : (mirror?.platforms ?? []);
  const source = mirror ? [`-fs-mirror=${mirror.root}`] : [];
  await terraform(["providers", "lock", ...source, ...platforms.map((p) => `-platform=${p}`)], {
    dir: work,
  });
  mkdirSync(dirname(committed), { recursive: true });
  cpSync(join(work, LOCK_FILE_NAME), committed);
  rmSync(work, { recursive: true, force: true });
  console.log(`${stack}: ${committed.slice(projectDir.length)} (${platforms.join(", ")})`);
}
