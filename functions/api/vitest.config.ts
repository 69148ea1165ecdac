import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Loading the SDK clients and the OpenAPI validator takes seconds on a busy runner.
    testTimeout: 180_000,
  },
});
