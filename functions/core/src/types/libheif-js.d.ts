// libheif-js types its Emscripten module factory, not the instance its wasm-bundle entry exports.
declare module "libheif-js/wasm-bundle" {
  import type { MainModule } from "libheif-js/libheif-wasm/libheif.js";

  const libheif: MainModule;
  export default libheif;
}
