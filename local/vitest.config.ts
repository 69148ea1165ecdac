import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The local cloud, worker-thread functions and real image rendering on a busy 2-core runner.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps
    // in its legacy provider; `npm start` and the CLI run with the same flag.
    execArgv: ["--openssl-legacy-provider"],
  },
});
