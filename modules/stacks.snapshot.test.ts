import { homedir, tmpdir } from "node:os";
import { isAbsolute } from "node:path";
import { describe, expect, it } from "vitest";
import { allStacks } from "./testing/allStacks.js";

/** Content hashes change with every build of a bundle; the snapshot keeps their place only. */
function maskAssetHashes(tf: unknown): unknown {
  return JSON.parse(
    JSON.stringify(tf)
      .replace(/(assets\/[^/"]+\/)[0-9A-F]{32}(?=[/\\"])/g, "$1<hash>")
      .replace(/"source_code_hash":"[0-9A-F]{32}"/g, '"source_code_hash":"<hash>"'),
  );
}

describe("the synthesized stacks", () => {
  const deployed = allStacks().filter(({ name }) =>
    ["imgpipe-bootstrap", "imgpipe-dev", "imgpipe-prod"].includes(name),
  );

  it.each(deployed.map(({ name }) => name))("%s matches its snapshot", (name) => {
    const stack = deployed.find((candidate) => candidate.name === name);

    expect(maskAssetHashes(stack?.tf)).toMatchSnapshot();
  });

  it("masks every asset hash and holds no absolute path", () => {
    const text = JSON.stringify(deployed.map(({ tf }) => maskAssetHashes(tf)));

    const filenames = [...text.matchAll(/"filename":"([^"]+)"/g)].map((match) => match[1]);

    expect(text).not.toMatch(/[0-9A-F]{32}/);
    expect(filenames.length).toBeGreaterThan(0);
    expect(filenames.filter((file) => file === undefined || isAbsolute(file))).toEqual([]);
    for (const machinePath of [process.cwd(), homedir(), tmpdir()]) {
      expect(text).not.toContain(machinePath);
    }
  });
});
