import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parsePipelineConfig } from "@imgpipe/core";
import type { LocalCloud } from "../../../local/src/localCloud.js";
import { tempDir } from "../../../local/test/support/tempDir.js";
import { startTestCloud } from "../../../local/test/support/testCloud.js";

/** The SPA as `vite build` made it; `npm test` builds it first. */
export const SPA_DIR = fileURLToPath(new URL("../../dist", import.meta.url));

/** Screenshots land here, as test artifacts (git ignores the folder). */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../../.artifacts", import.meta.url));

/** The whole local cloud on free ports, serving the built SPA and its config.json. */
export async function startCloudWithSpa(): Promise<{
  cloud: LocalCloud;
  stop: () => Promise<void>;
}> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const data = await tempDir("e2e");
  const cloud = await startTestCloud({
    config: parsePipelineConfig({ environment: "local" }, "e2e"),
    dataDir: data.path,
    spaDir: SPA_DIR,
  });
  return {
    cloud,
    async stop() {
      await cloud.stop();
      await data.remove();
    },
  };
}
