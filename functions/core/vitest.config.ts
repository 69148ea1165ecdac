import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // sharp encodes real images (AVIF among them); a busy 2-core CI runner needs far more than 5 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
