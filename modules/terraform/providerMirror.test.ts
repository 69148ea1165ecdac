import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  findProviderMirror,
  PROVIDER_MIRROR_VARIABLE,
  terraformPlatform,
} from "./providerMirror.js";

/** A mirror folder holding `versions`, unpacked, for `platforms`. */
function mirrorWith(versions: string[], platforms = ["linux_amd64"]) {
  const root = mkdtempSync(join(tmpdir(), "imgpipe-mirror-"));
  for (const version of versions) {
    for (const platform of platforms) {
      const dir = join(root, "registry.terraform.io", "hashicorp", "aws", version, platform);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `terraform-provider-aws_v${version}_x5`), "");
    }
  }
  return root;
}

const noMirrorAnywhere = (extra: NodeJS.ProcessEnv = {}) => ({
  HOME: mkdtempSync(join(tmpdir(), "imgpipe-home-")),
  XDG_DATA_DIRS: mkdtempSync(join(tmpdir(), "imgpipe-data-")),
  TF_CLI_CONFIG_FILE: join(tmpdir(), "no-such-terraformrc"),
  ...extra,
});

describe("findProviderMirror", () => {
  it("takes the folder the variable names, with its newest version for this platform", () => {
    const root = mirrorWith(["5.90.0", "5.100.0"], ["linux_amd64", "darwin_arm64"]);

    const mirror = findProviderMirror(
      noMirrorAnywhere({ [PROVIDER_MIRROR_VARIABLE]: root }),
      "linux_amd64",
    );

    expect(mirror).toEqual({
      root,
      version: "5.100.0",
      platforms: ["darwin_arm64", "linux_amd64"],
    });
  });

  it("accepts the provider binary itself in the variable", () => {
    const root = mirrorWith(["5.100.0"]);
    const binary = join(
      root,
      "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5",
    );

    expect(
      findProviderMirror(noMirrorAnywhere({ [PROVIDER_MIRROR_VARIABLE]: binary }), "linux_amd64")
        ?.root,
    ).toBe(root);
  });

  it("says what is missing when the named folder holds no provider for this platform", () => {
    const root = mirrorWith(["5.100.0"], ["darwin_arm64"]);

    expect(() =>
      findProviderMirror(noMirrorAnywhere({ [PROVIDER_MIRROR_VARIABLE]: root }), "linux_amd64"),
    ).toThrow(/holds no AWS provider for linux_amd64/);
  });

  it("finds the mirror the Terraform CLI config names", () => {
    const env = noMirrorAnywhere();
    const made = mirrorWith(["5.100.0"]);
    writeFileSync(
      join(env.HOME as string, ".terraformrc"),
      `provider_installation {\n  filesystem_mirror {\n    path = "${made}"\n  }\n}\n`,
    );

    expect(
      findProviderMirror(
        { ...env, TF_CLI_CONFIG_FILE: join(env.HOME as string, ".terraformrc") },
        "linux_amd64",
      )?.root,
    ).toBe(made);
  });

  it("finds Terraform's implied local mirror under the home folder, and nothing when there is none", () => {
    const env = noMirrorAnywhere();
    const implied = join(env.HOME as string, ".terraform.d", "plugins");

    expect(findProviderMirror(env, "linux_amd64")?.root).not.toBe(implied);
    const made = mirrorWith(["5.100.0"]);
    mkdirSync(join(env.HOME as string, ".terraform.d"), { recursive: true });
    cpSync(made, implied, { recursive: true });
    expect(findProviderMirror(env, "linux_amd64")?.root).toBe(implied);
  });

  it("names platforms the way Terraform does", () => {
    expect(terraformPlatform("linux", "x64")).toBe("linux_amd64");
    expect(terraformPlatform("darwin", "arm64")).toBe("darwin_arm64");
    expect(terraformPlatform("win32", "x64")).toBe("windows_amd64");
  });
});
