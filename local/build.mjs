// Bundles the local cloud's CLI. npm dependencies stay in node_modules; workspace
// packages (@imgpipe/core, which exports TypeScript source) are bundled in. The
// functions are not: the local cloud runs their own built bundles.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

await rm("dist", { recursive: true, force: true });
await build({
  entryPoints: { cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  plugins: [
    {
      name: "external-npm-packages",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, ({ path }) =>
          path.startsWith("@imgpipe/") ? undefined : { path, external: true },
        );
      },
    },
  ],
  sourcemap: true,
  logLevel: "warning",
});
