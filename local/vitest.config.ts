import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps
    // in its legacy provider; `npm start` and the CLI run with the same flag.
    execArgv: ["--openssl-legacy-provider"],
  },
});
