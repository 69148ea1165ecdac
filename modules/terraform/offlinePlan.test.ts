import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AWS_PROVIDER_VERSION } from "../terraformRequirements.js";
import {
  type OfflineStack,
  offlineStackNames,
  synthesizeOfflineStacks,
} from "../testing/offlineStacks.js";
import { OfflineTerraform } from "./offlineTerraform.js";
import { findProviderMirror, PROVIDER_MIRROR_VARIABLE } from "./providerMirror.js";

const mirror = findProviderMirror();
if (!mirror) {
  console.warn(
    [
      "",
      "!!! SKIPPED: the offline terraform init/validate/plan of every stack.",
      `!!! No filesystem mirror of the AWS provider was found; set ${PROVIDER_MIRROR_VARIABLE}`,
      "!!! to a folder holding registry.terraform.io/hashicorp/aws/<version>/<os_arch>/.",
      "",
    ].join("\n"),
  );
}

/** Managed resources of a synthesized stack: what a first plan must create. */
function resourceCount(stack: OfflineStack): number {
  const json = JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8")) as {
    resource?: Record<string, Record<string, unknown>>;
  };
  return Object.values(json.resource ?? {}).reduce(
    (n, byName) => n + Object.keys(byName).length,
    0,
  );
}

describe.skipIf(!mirror)("terraform init, validate and plan, offline, of every stack", () => {
  const provider = mirror as NonNullable<typeof mirror>;
  let stacks: OfflineStack[];
  let offline: OfflineTerraform;

  beforeAll(async () => {
    stacks = await synthesizeOfflineStacks();
    offline = OfflineTerraform.create(provider);
  });

  it("covers the bootstrap stack, every config and every feature-switch combination", () => {
    const names = stacks.map((stack) => stack.name);

    expect([...names].sort()).toEqual([...offlineStackNames()].sort());
    expect(names).toEqual(
      expect.arrayContaining(["imgpipe-bootstrap", "imgpipe-dev", "imgpipe-prod"]),
    );
    expect(names.filter((name) => name.startsWith("imgpipe-features-")).length).toBeGreaterThan(0);
  });

  it("has a committed lock file for every deployed stack, all pinning the mirror's provider", () => {
    const locked = stacks.filter((stack) => stack.lockFile);
    const lockTexts = locked.map((stack) => readFileSync(stack.lockFile as string, "utf8"));

    expect(locked.map((stack) => stack.name)).toEqual([
      "imgpipe-bootstrap",
      "imgpipe-dev",
      "imgpipe-prod",
    ]);
    for (const text of lockTexts) {
      expect(text).toContain(`version     = "${provider.version}"`);
      expect(text).toContain(`constraints = "${AWS_PROVIDER_VERSION}"`);
    }
    expect(new Set(lockTexts).size).toBe(1);
  });

  // Nine stacks planned at once: minutes of provider start-ups on a busy 2-core runner.
  it("inits with the committed lock file unchanged, validates, and plans every stack from nothing", async () => {
    const lockFile = stacks.find((stack) => stack.lockFile)?.lockFile;
    const dir = await offline.prepareTogether("all-stacks", stacks, lockFile);

    await offline.validate(dir);
    const plan = await offline.run(dir, ["plan", "-input=false", "-refresh=false", "-no-color"]);

    // A for_each block (the SPA's files) counts once here and once per instance in the plan.
    const blocks = stacks.reduce((n, stack) => n + resourceCount(stack), 0);
    const [, added] = /Plan: (\d+) to add, 0 to change, 0 to destroy\./.exec(plan) ?? [];
    expect(Number(added)).toBeGreaterThanOrEqual(blocks);
    for (const stack of stacks) {
      expect(plan, stack.name).toContain(`# module.${stack.name}.`);
    }
  }, 900_000);
});
