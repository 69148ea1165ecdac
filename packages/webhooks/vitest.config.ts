import { defineConfig } from "vitest/config";

export default defineConfig({
  // A busy runner can take seconds to start a server or import the bundle.
  test: { include: ["test/**/*.test.ts"], testTimeout: 30_000 },
});
