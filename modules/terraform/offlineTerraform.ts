import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCK_FILE_NAME } from "../deploy/lockFiles.js";
import type { PlanJson } from "../deploy/planJson.js";
import { offlineStack, type StackJson } from "./offlineStack.js";
import type { ProviderMirror } from "./providerMirror.js";
import { terraform } from "./terraformCli.js";

/** A synthesized stack folder (`cdk.tf.json` and its assets) to run offline. */
export interface StackSource {
  readonly name: string;
  readonly dir: string;
}

/**
 * Runs real Terraform on synthesized stacks with no network: providers come from a
 * filesystem mirror (a CLI config with `provider_installation { filesystem_mirror }`)
 * and each stack is rewritten by {@link offlineStack}.
 *
 * @example
 * const offline = OfflineTerraform.create(mirror);
 * const dir = await offline.prepare({ name: "imgpipe-dev", dir: "cdktf.out/stacks/imgpipe-dev" });
 * const plan = await offline.plan(dir, "tfplan");
 */
export class OfflineTerraform {
  private constructor(
    /** Where every prepared configuration lives. */
    readonly workDir: string,
    private readonly cliConfig: string,
    private readonly timeoutMs: number,
  ) {}

  static create(mirror: ProviderMirror, timeoutMs = 900_000): OfflineTerraform {
    const workDir = mkdtempSync(join(tmpdir(), "imgpipe-offline-terraform-"));
    const cliConfig = join(workDir, "offline.tfrc");
    writeFileSync(
      cliConfig,
      [
        "provider_installation {",
        "  filesystem_mirror {",
        `    path    = ${JSON.stringify(mirror.root)}`,
        '    include = ["registry.terraform.io/*/*"]',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    return new OfflineTerraform(workDir, cliConfig, timeoutMs);
  }

  /**
   * One stack as the root configuration, offline and initialized: with `lockFile`
   * (`-lockfile=readonly`) the mirror must match the committed hashes.
   */
  async prepare(stack: StackSource, lockFile?: string): Promise<string> {
    const dir = join(this.workDir, stack.name);
    copyOffline(stack, dir);
    return this.init(dir, lockFile);
  }

  /**
   * Several stacks as modules of one root configuration, so one `validate` and one
   * `plan` check them all: each provider process and schema load is paid once, not per
   * stack. (A module's backend block means nothing, so it is left out.)
   */
  async prepareTogether(name: string, stacks: readonly StackSource[], lockFile?: string) {
    const dir = join(this.workDir, name);
    mkdirSync(dir);
    for (const stack of stacks) copyOffline(stack, join(dir, stack.name), { asModule: true });
    const modules = Object.fromEntries(
      stacks.map((stack) => [stack.name, { source: `./${stack.name}` }]),
    );
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ module: modules }, null, 2));
    return this.init(dir, lockFile);
  }

  /** A copy of a prepared configuration (state and init included) to change on its own. */
  copy(dir: string, name: string): string {
    const copy = join(this.workDir, name);
    cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
    return copy;
  }

  private async init(dir: string, lockFile: string | undefined): Promise<string> {
    if (lockFile) cpSync(lockFile, join(dir, LOCK_FILE_NAME));
    await this.run(dir, [
      "init",
      "-input=false",
      "-no-color",
      ...(lockFile ? ["-lockfile=readonly"] : []),
    ]);
    return dir;
  }

  /** Runs Terraform in a prepared folder, offline. */
  run(dir: string, args: readonly string[]): Promise<string> {
    return terraform(args, {
      dir,
      timeoutMs: this.timeoutMs,
      env: {
        TF_CLI_CONFIG_FILE: this.cliConfig,
        TF_PLUGIN_CACHE_DIR: "",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_PROFILE: "",
      },
    });
  }

  /** `terraform validate`, failing on any error. */
  async validate(dir: string): Promise<void> {
    await this.run(dir, ["validate", "-no-color"]);
  }

  /**
   * `terraform plan -refresh=false` into `planFile` (more arguments: `-destroy`, …), and
   * the plan as `terraform show -json` prints it.
   */
  async plan(dir: string, planFile: string, args: readonly string[] = []): Promise<PlanJson> {
    await this.run(dir, [
      "plan",
      "-input=false",
      "-refresh=false",
      "-no-color",
      `-out=${planFile}`,
      ...args,
    ]);
    return this.show(dir, planFile);
  }

  /** `terraform show -json` of a saved plan. */
  async show(dir: string, planFile: string): Promise<PlanJson> {
    return JSON.parse(await this.run(dir, ["show", "-json", "-no-color", planFile])) as PlanJson;
  }
}

function copyOffline(stack: StackSource, dir: string, { asModule = false } = {}): void {
  cpSync(stack.dir, dir, { recursive: true });
  const offline = offlineStack(
    JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as StackJson,
  );
  if (asModule && offline.terraform) delete offline.terraform.backend;
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(offline, null, 2));
}
