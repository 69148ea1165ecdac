import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "components",
          include: ["test/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          setupFiles: ["test/setup.ts"],
          // Rendering in jsdom is slow on a loaded machine; a test still fails on a wrong answer.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["e2e/**/*.test.ts"],
          environment: "node",
          // Chromium and the local cloud on a loaded 2-core machine.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // s3rver's continuation tokens need OpenSSL's legacy provider (see local/).
          execArgv: ["--openssl-legacy-provider"],
          fileParallelism: false,
        },
      },
    ],
  },
});
