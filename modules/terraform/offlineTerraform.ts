import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson } from "../deploy/planJson.js";
import { offlineStack, providerShape, type StackJson } from "./offlineStack.js";
import type { ProviderMirror } from "./providerMirror.js";
import { terraform } from "./terraformCli.js";

export const LOCK_FILE = ".terraform.lock.hcl";

/**
 * Runs real Terraform on synthesized stacks with no network: providers come from a
 * filesystem mirror (a CLI config with `provider_installation { filesystem_mirror }`),
 * each stack is rewritten by {@link offlineStack}, and stacks that need the same
 * providers share one `terraform init` (one `TF_DATA_DIR` per shape).
 *
 * @example
 * const offline = OfflineTerraform.create(mirror);
 * const dir = await offline.prepare("imgpipe-dev", "cdktf.out/stacks/imgpipe-dev");
 * await offline.run(dir, ["plan", "-refresh=false", "-out=tfplan"]);
 */
export class OfflineTerraform {
  private readonly inits = new Map<string, Promise<{ dataDir: string; lockFile: string }>>();
  private readonly dataDirs = new Map<string, string>();

  private constructor(
    /** Where every prepared stack and shared init lives. */
    readonly workDir: string,
    private readonly cliConfig: string,
    private readonly timeoutMs: number,
  ) {}

  static create(mirror: ProviderMirror, timeoutMs = 600_000): OfflineTerraform {
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
   * Copies a synthesized stack folder (its `cdk.tf.json` and assets) into the work
   * folder as `name`, goes offline, and initializes it: with its committed lock file
   * when given (`-lockfile=readonly`: the mirror must match its hashes), otherwise with
   * the lock file of the first stack of the same shape.
   */
  async prepare(name: string, stackDir: string, lockFile?: string): Promise<string> {
    const dir = join(this.workDir, name);
    cpSync(stackDir, dir, { recursive: true });
    const stack = offlineStack(
      JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as StackJson,
    );
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack, null, 2));
    const shape = providerShape(stack);
    if (lockFile) cpSync(lockFile, join(dir, LOCK_FILE));
    const init = this.inits.get(shape) ?? this.initShape(dir, Boolean(lockFile));
    this.inits.set(shape, init);
    const shared = await init;
    if (!existsSync(join(dir, LOCK_FILE))) cpSync(shared.lockFile, join(dir, LOCK_FILE));
    this.dataDirs.set(dir, shared.dataDir);
    if (lockFile && shared.lockFile !== join(dir, LOCK_FILE)) {
      // Another stack initialized this shape: this one's lock file must hold too.
      await this.run(dir, ["init", "-input=false", "-lockfile=readonly", "-no-color"]);
    }
    return dir;
  }

  private async initShape(dir: string, readonlyLock: boolean) {
    const dataDir = join(this.workDir, `.data-${this.inits.size}`);
    mkdirSync(dataDir);
    this.dataDirs.set(dir, dataDir);
    const lockMode = readonlyLock ? ["-lockfile=readonly"] : [];
    await this.run(dir, ["init", "-input=false", "-no-color", ...lockMode]);
    return { dataDir, lockFile: join(dir, LOCK_FILE) };
  }

  /** Runs Terraform in a prepared stack folder, offline. */
  run(dir: string, args: readonly string[]): Promise<string> {
    return terraform(args, {
      dir,
      timeoutMs: this.timeoutMs,
      env: {
        TF_CLI_CONFIG_FILE: this.cliConfig,
        TF_DATA_DIR: this.dataDirs.get(dir),
        TF_PLUGIN_CACHE_DIR: "",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_PROFILE: "",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      },
    });
  }

  /** `terraform validate`, failing on any error. */
  async validate(dir: string): Promise<void> {
    await this.run(dir, ["validate", "-no-color"]);
  }

  /**
   * `terraform plan -refresh=false` into `planFile` (more arguments: `-destroy`, …),
   * then the plan as `terraform show -json` prints it.
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
    return JSON.parse(await this.run(dir, ["show", "-json", "-no-color", planFile])) as PlanJson;
  }
}
