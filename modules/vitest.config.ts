import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each test synthesizes a whole stack; a loaded CI runner needs more than 5 s.
    testTimeout: 30_000,
  },
});
