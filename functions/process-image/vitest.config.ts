import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The cold-start tests spawn Node on the built bundle and the delivery tests render
    // real images: a busy 2-core CI runner needs far more than vitest's 5 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
