import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { SharpLayer, sharpLayerArchive } from "./sharpLayer.js";
import { blockOf, synthesizeScope } from "./testing/terraformJson.js";

const require = createRequire(import.meta.url);
const archive = sharpLayerArchive();

/** The names in the archive, without decompressing anything. */
function entryNames(): string[] {
  const names: string[] = [];
  unzipSync(readFileSync(archive.path), {
    filter: (file) => {
      names.push(file.name);
      return false;
    },
  });
  return names;
}

function entryText(name: string): string {
  const files = unzipSync(readFileSync(archive.path), { filter: (file) => file.name === name });
  const data = files[name];
  if (!data) throw new Error(`${name} is not in the layer archive`);
  return strFromU8(data);
}

describe("the sharp layer archive", () => {
  it("holds sharp where Lambda's Node.js runtime looks for modules", () => {
    const names = entryNames();

    expect(names).toContain("nodejs/node_modules/sharp/package.json");
    expect(names.every((name) => name.startsWith("nodejs/node_modules/"))).toBe(true);
  });

  it("holds sharp's native module and libvips for linux-arm64, glibc", () => {
    const names = entryNames();

    expect(names).toContainEqual(
      expect.stringMatching(
        /^nodejs\/node_modules\/@img\/sharp-linux-arm64\/lib\/sharp-linux-arm64[\w.-]*\.node$/,
      ),
    );
    expect(names).toContainEqual(
      expect.stringMatching(
        /^nodejs\/node_modules\/@img\/sharp-libvips-linux-arm64\/lib\/libvips-cpp\.so/,
      ),
    );
  });

  it("holds no binaries of another platform", () => {
    const platforms = entryNames()
      .map((name) => /^nodejs\/node_modules\/@img\/(sharp(?:-libvips)?-[^/]+)\//.exec(name)?.[1])
      .filter((name): name is string => name !== undefined);

    expect([...new Set(platforms)].sort()).toEqual([
      "sharp-libvips-linux-arm64",
      "sharp-linux-arm64",
    ]);
  });

  it("holds the sharp version the functions are tested with", () => {
    // The sharp the tests load (its package.json is not exported), and the one core pins.
    const sharpManifest = join(dirname(require.resolve("sharp")), "..", "package.json");
    const tested = JSON.parse(readFileSync(sharpManifest, "utf8")).version;
    const core = JSON.parse(
      readFileSync(new URL("../functions/core/package.json", import.meta.url), "utf8"),
    );

    const packed = JSON.parse(entryText("nodejs/node_modules/sharp/package.json")).version;

    expect(packed).toBe(tested);
    expect(archive.sharpVersion).toBe(core.dependencies.sharp);
    expect(archive.platform).toEqual({ os: "linux", cpu: "arm64", libc: "glibc" });
  });
});

describe("SharpLayer", () => {
  it("publishes the archive as a layer for Node.js 22 on arm64", () => {
    const { built, tf } = synthesizeScope(
      (stack) => new SharpLayer(stack, "sharp", { layerName: "imgpipe-test-sharp" }),
    );

    const layer = blockOf(tf, built.layer);

    expect(layer).toMatchObject({
      layer_name: "imgpipe-test-sharp",
      compatible_runtimes: ["nodejs22.x"],
      compatible_architectures: ["arm64"],
      description: `sharp ${archive.sharpVersion} for linux-arm64 (glibc)`,
    });
    expect(isAbsolute(String(layer.filename))).toBe(false);
    expect(String(layer.filename)).toMatch(/^assets\/[^/]+\/[0-9A-F]{32}\/sharp-layer\.zip$/);
    expect(String(layer.filename)).toContain(String(layer.source_code_hash));
  });
});
