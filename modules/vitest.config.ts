import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Synthesizing a stack takes seconds, and far longer on a busy runner.
    testTimeout: 60_000,
  },
});
