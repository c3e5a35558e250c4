import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * Builds the viewer into viz/dist with relative URLs, so any server path can host it.
 * Two pages: the run viewer (index.html) and a sweep's distributions (sweep.html).
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL("index.html", import.meta.url)),
        sweep: fileURLToPath(new URL("sweep.html", import.meta.url)),
      },
    },
  },
  server: { fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
});
