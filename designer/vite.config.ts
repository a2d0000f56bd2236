/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The Host serves the built designer from its wwwroot with the API on the same origin;
// during `npm run dev` the dev server forwards the API paths to a Host running locally.
const hostUrl = 'http://localhost:5080';
const apiPaths = ['/v2', '/auth', '/health', '/inbound', '/openapi', '/scalar'];

export default defineConfig({
  base: './',
  build: {
    outDir: '../engine/ProzessEngine.Host/wwwroot',
    emptyOutDir: true,
    // bpmn-js, its properties panel and form-js are one large, rarely changing chunk.
    chunkSizeWarningLimit: 4000,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: hostUrl, changeOrigin: false }])),
  },
  preview: {
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: hostUrl, changeOrigin: false }])),
  },
  test: {
    environment: 'node',
    include: ['src/**/*.spec.ts'],
  },
});
