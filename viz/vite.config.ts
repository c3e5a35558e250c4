import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** Builds the viewer into viz/dist with relative URLs, so any server path can host it. */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: { fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
});
