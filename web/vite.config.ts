/**
 * Vite config for the web UI. The root is web/; the build lands in dist/web, which `chorus serve`
 * serves. In development the API and its docs are proxied to a local `chorus serve` on port 3000.
 */
import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: path.resolve(here, "../dist/web"),
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:3000",
      "/docs": "http://127.0.0.1:3000",
      // Public addresses the UI hands out: calendar feeds and short links.
      "/ical": "http://127.0.0.1:3000",
      "/l/": "http://127.0.0.1:3000",
    },
  },
});
