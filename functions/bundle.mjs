// Bundles the Lambda package in the current directory: src/handler.ts → dist/index.mjs.
// sharp is native and ships separately (a layer, or the function's node_modules).
// A dynamic import() becomes its own chunk in dist/chunks/, loaded only when reached: the
// HEIC decoder (libheif as WebAssembly, 2 MB) costs no cold start. The whole of dist/ is
// the deployed package.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

/**
 * sharp through its CommonJS entry: `import sharp from "sharp"` becomes a require() of
 * it. Its ES module entry imports its CommonJS dependencies (semver, detect-libc, colour)
 * through Node's ESM-to-CommonJS bridge, which costs a cold start about twice the CPU of
 * requiring them (bench/README.md, "Cold starts"). Node finds it the same way: next to
 * the bundle or, for require(), also in a layer's `nodejs/node_modules` (NODE_PATH).
 */
const sharpAsCommonJs = {
  name: "sharp-as-commonjs",
  setup(build) {
    build.onResolve({ filter: /^sharp$/ }, ({ namespace }) =>
      namespace === "sharp-as-commonjs"
        ? { path: "sharp", external: true }
        : { path: "sharp", namespace: "sharp-as-commonjs" },
    );
    build.onLoad({ filter: /.*/, namespace: "sharp-as-commonjs" }, () => ({
      contents: 'module.exports = require("sharp");',
      loader: "js",
    }));
  },
};

await rm("dist", { recursive: true, force: true });
await build({
  entryPoints: { index: "src/handler.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
  bundle: true,
  format: "esm",
  platform: "node",
  // The AWS SDK's ES modules (its "module" entry) rather than its one-file CommonJS builds:
  // esbuild then keeps only the commands and schemas a function uses, and the credential
  // providers the SDK imports dynamically become chunks that load only when reached.
  mainFields: ["module", "main"],
  target: "node22",
  plugins: [sharpAsCommonJs],
  minify: true,
  keepNames: true,
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  // Bundled CommonJS dependencies use __dirname and __filename, which an ES module lacks
  // (Lambda imports index.mjs as one): Node 20.11+ gives them as import.meta fields.
  define: { __dirname: "import.meta.dirname", __filename: "import.meta.filename" },
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
