import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The console is served by the API server in production; in development Vite forwards API calls
// (including the audit WebSocket) to a locally running server.
const apiServer = 'http://127.0.0.1:3000';

// Framework code changes far less often than the console, so it gets long-lived chunks of its own.
// antd stays with Rollup's default splitting: components only pages use (Table, DatePicker, ...)
// then load with those pages instead of up front.
// The viewer page (live.html) shares none of these: it is Preact, and must never load a console chunk.
const vendorChunks: Record<string, string> = {
  react: 'react',
  'react-dom': 'react',
  scheduler: 'react',
  'react-router': 'router',
  'react-router-dom': 'router',
  zod: 'zod',
  '@tanstack/query-core': 'data',
  '@tanstack/react-query': 'data',
  i18next: 'data',
  'react-i18next': 'data',
};

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** In development, `/live/<session id>` is the viewer page, as the server serves it in production. */
const viewerPageInDev: Plugin = {
  name: 'livedesk:viewer-page',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const url = new URL(req.url ?? '/', 'http://dev');
      if (/^\/live\/[^/.]+\/?$/.test(url.pathname)) req.url = `/live.html${url.search}`;
      next();
    });
  },
};

export default defineConfig({
  // The viewer (src/viewer) is Preact: React's Fast Refresh must leave its components alone.
  plugins: [react({ exclude: [/\/node_modules\//, /\/src\/viewer\//] }), viewerPageInDev],
  server: {
    proxy: {
      '/api': { target: apiServer, ws: true },
      '/healthz': { target: apiServer },
    },
  },
  build: {
    outDir: 'dist',
    // antd's shell components alone come close to the 500 kB default; the budget is for the whole entry.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: { index: page('./index.html'), viewer: page('./live.html') },
      // zod places some `@__PURE__` comments where Rollup cannot use them; harmless, but they bury real warnings.
      onwarn: (warning, warn) => {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
      output: {
        manualChunks: (id) => {
          // Helpers both pages use would otherwise sit in a console chunk (the CommonJS interop in React's),
          // and the viewer would download it to reach them.
          if (id.includes('vite/preload-helper') || id.includes('commonjsHelpers')) return 'runtime';
          const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id)?.[1];
          return pkg ? vendorChunks[pkg] : undefined;
        },
      },
    },
  },
});
