import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // A cold start is a fresh Node process loading the bundle and sharp: seconds on a loaded runner.
    testTimeout: 60_000,
  },
});
