import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spaCacheControl, spaContentType } from "@imgpipe/core";
import { afterAll, describe, expect, it } from "vitest";
import { synthesizePipeline } from "./testing/fixtures.js";
import { blockOf, reference } from "./testing/terraformJson.js";

const consoleDir = mkdtempSync(join(tmpdir(), "imgpipe-tf-console-"));
afterAll(() => rmSync(consoleDir, { recursive: true, force: true }));

/** Evaluates a synthesized `${…}` expression with Terraform itself (no provider, no network). */
function evaluate(expression: unknown, eachValue: string): unknown {
  const inner = String(expression)
    .replace(/^\$\{/, "")
    .replace(/\}$/, "")
    .replaceAll("each.value", JSON.stringify(eachValue));
  const output = execFileSync("terraform", ["console"], {
    cwd: consoleDir,
    input: `jsonencode(${inner})\n`,
    encoding: "utf8",
    env: { ...process.env, TF_CLI_CONFIG_FILE: "", CHECKPOINT_DISABLE: "1" },
  });
  return JSON.parse(JSON.parse(output.trim()));
}

describe("FrontendSite", () => {
  const { stack, tf } = synthesizePipeline();
  const site = stack.frontendSite;
  const files = site ? blockOf(tf, site.files) : {};
  const config = site ? blockOf(tf, site.runtimeConfig) : {};

  it("uploads every file of the SPA's build to the frontend bucket, re-uploading what changed", () => {
    expect(site).toBeDefined();
    expect(files).toMatchObject({
      bucket: reference(stack.storage.frontend, "id"),
      key: "${each.value}",
    });
    // Relative to the stack's folder (path.module), so the stack also plans as a module.
    expect(String(files.for_each)).toMatch(
      /^\$\{toset\(fileset\(join\("\/", \[path\.module, "assets\/[^"]+"\]\), "\*\*"\)\)\}$/,
    );
    expect(String(files.source_hash)).toMatch(
      /^\$\{filemd5\(join\("\/", \[.+, each\.value\]\)\)\}$/,
    );
  });

  it.each([
    "index.html",
    "assets/index-B3xk9Q1a.js",
    "assets/index-DEQrhPDq.css",
    "assets/index-B3xk9Q1a.js.map",
    "favicon.svg",
    "robots.txt",
    "LICENSE",
  ])("gives %s the content type and cache header the local cloud serves it with", (file) => {
    expect(evaluate(files.content_type, file)).toBe(spaContentType(file));
    expect(evaluate(files.cache_control, file)).toBe(spaCacheControl(file));
  });

  it("caches hashed assets for good and makes browsers revalidate the shell and config.json", () => {
    expect(evaluate(files.cache_control, "assets/index-B3xk9Q1a.js")).toBe(
      "public, max-age=31536000, immutable",
    );
    expect(evaluate(files.cache_control, "index.html")).toBe("no-cache");
    expect(config).toMatchObject({
      key: "config.json",
      content_type: "application/json",
      cache_control: "no-cache",
    });
  });

  it("writes config.json from the stack's outputs: API, CDN, the hosted sign-in and the upload limit", () => {
    const { auth, api, cdn } = stack;
    const content = String(config.content);

    expect(content.startsWith("${jsonencode(")).toBe(true);
    for (const part of [
      reference(api?.api ?? stack.storage.frontend, "api_endpoint").slice(2, -1),
      cdn.distribution.friendlyUniqueId,
      auth?.userPool?.friendlyUniqueId ?? "no pool",
      auth?.userPoolClient?.friendlyUniqueId ?? "no client",
      "https://imgpipe-dev-123456789012.auth.eu-west-1.amazoncognito.com/logout",
      "images/write",
      String(26_214_400),
    ]) {
      expect(content).toContain(part);
    }
  });

  it("is left out when the SPA is off, or when no API serves it", () => {
    expect(synthesizePipeline({ features: { spa: false } }).stack.frontendSite).toBeUndefined();
    expect(
      synthesizePipeline({ features: { api: false, spa: true } }).stack.frontendSite,
    ).toBeUndefined();
  });

  it("is left out with an OIDC issuer unless the config names the SPA's client there", () => {
    const oidc = { provider: "oidc", issuer: "https://login.example.com/", audience: ["imgpipe"] };

    const without = synthesizePipeline({ auth: oidc as never }).stack;
    const withClient = synthesizePipeline({ auth: { ...oidc, spaClientId: "spa-123" } as never });

    expect(without.frontendSite).toBeUndefined();
    expect(withClient.stack.auth?.spaAuth).toEqual({
      kind: "oidc",
      authority: "https://login.example.com/",
      clientId: "spa-123",
      scopes: ["openid", "email", "profile", "images/read", "images/write"],
    });
  });
});
