import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Cold starts of the bundle and sharp renders take seconds on a busy runner.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
