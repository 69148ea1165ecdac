import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // sharp encodes real images (AVIF among them) and the handler test starts a fresh Node
    // process with the bundle: a loaded CI runner needs far more than 5 s.
    testTimeout: 60_000,
  },
});
