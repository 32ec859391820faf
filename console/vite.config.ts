// The staff console: a small React app served by Custodian at /console/ (src/console/serve.ts).
// No inline script or style in the output: the server's CSP is `script-src 'self'; style-src 'self'`.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: { proxy: { '/console/api': 'http://127.0.0.1:8080', '/v1': 'http://127.0.0.1:8080' } },
});
