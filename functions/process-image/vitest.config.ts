import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The handler tests cold-start the bundle in a child process: slow on a busy runner.
    testTimeout: 60_000,
  },
});
