import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Synthesizing a whole stack (zipping the function bundles, rendering HCL) takes
    // seconds on an idle machine and far longer on a busy CI runner.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
