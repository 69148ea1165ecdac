import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // sharp encodes real images (AVIF among them); a slow CI runner needs more than 5 s.
    testTimeout: 20_000,
  },
});
