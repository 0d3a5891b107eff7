import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the API server in production; in development Vite forwards API calls
// (including the audit WebSocket) to a locally running server.
const apiServer = 'http://127.0.0.1:3000';

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
    rollupOptions: {
      output: {
        // Vendor code changes far less often than the console, so it gets its own long-lived chunks.
        manualChunks: {
          react: ['react', 'react-dom', 'react-router-dom'],
          antd: ['antd', '@ant-design/icons'],
          data: ['@tanstack/react-query', 'i18next', 'react-i18next', 'dayjs'],
        },
      },
    },
  },
});
