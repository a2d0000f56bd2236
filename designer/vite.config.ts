/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The Host serves the built designer from its wwwroot with the API on the same origin;
// during `npm run dev` the dev server forwards the API paths to a Host running locally.
const hostUrl = 'http://localhost:5080';
const apiPaths = ['/v2', '/auth', '/health', '/inbound', '/openapi', '/scalar'];
// Unit tests that run a whole bpmn-js modeler in jsdom.
const bpmnModelerSpecs = 'src/features/modeler/element-templates.spec.ts';

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
    projects: [
      {
        extends: true,
        test: { name: 'designer', include: ['src/**/*.spec.ts'], exclude: [bpmnModelerSpecs] },
      },
      {
        // bpmn-js imports its own files without extensions, which only a bundle resolves in jsdom: these specs get
        // bpmn-js pre-bundled as the dev server does. Kept apart, because the pre-bundle would split form-js's preact.
        extends: true,
        test: {
          name: 'modeler',
          include: [bpmnModelerSpecs],
          deps: {
            optimizer: {
              client: {
                enabled: true,
                include: [
                  'bpmn-js/lib/Modeler',
                  'bpmn-js-element-templates',
                  'camunda-bpmn-js-behaviors/lib/camunda-cloud',
                ],
              },
            },
          },
        },
      },
    ],
  },
});
