import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Synthesis, `terraform fmt` and the offline plans share a busy CI machine.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // The offline plan runs stacks side by side; more than two at once only thrashes a 2-core runner.
    maxConcurrency: 2,
  },
});
