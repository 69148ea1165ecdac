import { execFile } from "node:child_process";
import { access, constants, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe("the imgpipe bin", () => {
  it("is a committed, executable file, so npm links it on a fresh clone before any build", async () => {
    const manifest = JSON.parse(await readFile(`${packageDir}/package.json`, "utf8"));
    const bin = manifest.bin.imgpipe as string;

    const { stdout: tracked } = await run("git", ["ls-files", "--error-unmatch", bin], {
      cwd: packageDir,
    });
    await access(`${packageDir}/${bin}`, constants.X_OK);

    expect(tracked.trim()).toBe(bin);
    expect(bin.startsWith("dist/")).toBe(false);
  });

  it("runs the built CLI", async () => {
    const { stdout } = await run(`${packageDir}/bin/imgpipe.js`, ["--help"]);

    expect(stdout).toContain("Usage: imgpipe <command>");
  });
});
