#!/usr/bin/env -S node --openssl-legacy-provider
// npm links this file when it installs, before anything is built: it runs the built CLI,
// or says how to build it. (The legacy provider is for s3rver's continuation tokens.)
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error(
    "imgpipe is not built yet: run `npm start` (or `npm run build -w @imgpipe/local`).",
  );
  process.exit(1);
}
await import(cli.href);
