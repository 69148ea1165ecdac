import { execFile, spawn } from "node:child_process";

/** A Terraform command that failed, with what it printed. */
export class TerraformCommandError extends Error {
  readonly code = "terraform_failed";
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly output: string,
    options?: ErrorOptions,
  ) {
    super(`terraform ${args.join(" ")} failed (exit ${exitCode}):\n${output.trim()}`, options);
    this.name = "TerraformCommandError";
  }
}

export interface TerraformRun {
  /** The configuration folder (`-chdir`). */
  readonly dir: string;
  /** Added to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** Milliseconds before the command is stopped; a busy machine needs minutes. */
  readonly timeoutMs?: number;
}

/**
 * Runs `terraform -chdir=<dir> <args>` without a terminal and resolves with its standard
 * output; rejects with a {@link TerraformCommandError} carrying everything it printed.
 */
export function terraform(args: readonly string[], run: TerraformRun): Promise<string> {
  const fullArgs = [`-chdir=${run.dir}`, ...args];
  return new Promise((resolve, reject) => {
    execFile(
      "terraform",
      fullArgs,
      {
        env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", ...run.env },
        timeout: run.timeoutMs ?? 600_000,
        maxBuffer: 256 * 1024 * 1024,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const exitCode = typeof error.code === "number" ? error.code : null;
        reject(new TerraformCommandError(args, exitCode, `${stderr}\n${stdout}`, { cause: error }));
      },
    );
  });
}

/**
 * Runs `terraform -chdir=<dir> <args>` with its output on this terminal (plans and applies
 * a person watches); rejects with a {@link TerraformCommandError} when it fails.
 */
export function terraformInTerminal(args: readonly string[], dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [`-chdir=${dir}`, ...args], { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new TerraformCommandError(args, code, "(output above)")),
    );
  });
}
