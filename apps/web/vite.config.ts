import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the API server in production; in development Vite forwards API calls
// (including the audit WebSocket) to a locally running server.
const apiServer = 'http://127.0.0.1:3000';

// Framework code changes far less often than the console, so it gets long-lived chunks of its own.
// antd stays with Rollup's default splitting: components only pages use (Table, DatePicker, ...)
// then load with those pages instead of up front.
const vendorChunks: Record<string, string> = {
  react: 'react',
  'react-dom': 'react',
  scheduler: 'react',
  'react-router': 'react',
  'react-router-dom': 'react',
  zod: 'zod',
  '@tanstack/query-core': 'data',
  '@tanstack/react-query': 'data',
  i18next: 'data',
  'react-i18next': 'data',
};

export default defineConfig({
  plugins: [react()],
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
      // zod places some `@__PURE__` comments where Rollup cannot use them; harmless, but they bury real warnings.
      onwarn: (warning, warn) => {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
      output: {
        manualChunks: (id) => {
          const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id)?.[1];
          return pkg ? vendorChunks[pkg] : undefined;
        },
      },
    },
  },
});
