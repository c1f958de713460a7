import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { firstLoadSizePlugin } from './build-tools/first-load-size.ts';

const apiTarget = process.env.PORTCULLIS_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), firstLoadSizePlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Cloudscape's lazy page chunks are large by nature; the first-load number is the one we watch.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
