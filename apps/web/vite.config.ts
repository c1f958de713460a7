import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { firstLoadSizePlugin } from './build-tools/first-load-size.ts';
import { fontFilesPlugin } from './build-tools/font-files.ts';
import { precompressPlugin } from './build-tools/precompress.ts';

const apiTarget = process.env.PORTCULLIS_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [fontFilesPlugin(), react(), firstLoadSizePlugin(), precompressPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Cloudscape's lazy page chunks are large by nature; the first-load number is the one we watch.
    chunkSizeWarningLimit: 1500,
    // Fonts are files of their own (build-tools/font-files.ts), never inlined back into the CSS.
    assetsInlineLimit: (file) => (file.endsWith('.woff2') ? false : undefined),
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
