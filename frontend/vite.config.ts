import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  build: {
    // Browsers the SPA supports: those with <dialog>, IntersectionObserver and ES2022.
    target: "es2022",
    sourcemap: true,
    // Everything is one small app: one entry chunk, hashed, cached for a year.
    assetsInlineLimit: 0,
  },
  server: { port: 5173, strictPort: true },
});
