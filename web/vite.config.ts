import react from '@vitejs/plugin-react';
import presetMantine from 'postcss-preset-mantine';
import { defineConfig } from 'vite';

// `npm run dev` runs the API on port 3000; point elsewhere with TANDEM_API_URL.
const apiTarget = process.env.TANDEM_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  css: { postcss: { plugins: [presetMantine()] } },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // The production CSP allows scripts from 'self' only, so nothing may be inlined as a data: URL script.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
