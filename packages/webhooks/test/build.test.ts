import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { notification, signed, TEST_CERTIFICATE } from "./fixtures/signing.js";

const root = join(import.meta.dirname, "..");
const dist = (path: string) => join(root, "dist", path);

describe("the published build", () => {
  beforeAll(() => {
    // `npm test` builds first; a lone vitest run builds here.
    if (!existsSync(dist("index.js"))) execFileSync(process.execPath, ["build.mjs"], { cwd: root });
  }, 120_000);

  it("imports only node builtins and zod, and names no private workspace", () => {
    const code = readFileSync(dist("index.js"), "utf8");
    const declarations = readdirSync(dist("types"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".d.ts"))
      .map((file) => readFileSync(dist(`types/${file}`), "utf8"));

    const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);

    expect(new Set(imports.filter((name) => !name?.startsWith("node:")))).toEqual(new Set(["zod"]));
    expect(code).not.toContain("@imgpipe/core");
    expect(declarations.length).toBeGreaterThan(10);
    expect(declarations.filter((text) => text.includes("@imgpipe/core"))).toEqual([]);
  });

  it("verifies a signed message and parses its event with the bundle alone", async () => {
    const bundle = await import(dist("index.js"));
    const event = {
      version: 1,
      id: "0123456789abcdef0123456789abcdef",
      type: "image.deleted",
      time: "2026-11-21T10:00:00.000Z",
      data: { ownerId: "alice", imageId: "cat" },
    };
    const certificates = new bundle.CertificateCache({
      fetchCertificate: async () => TEST_CERTIFICATE,
    });

    const message = await bundle.verifySnsMessage(signed(notification(JSON.stringify(event))), {
      certificates,
    });

    expect(bundle.parseImageEvent(message.Message)).toEqual(event);
  });
});
