import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import presetMantine from 'postcss-preset-mantine';
import { defineConfig } from 'vite';

// `npm run dev` runs the API on port 3000; point elsewhere with TANDEM_API_URL.
const apiTarget = process.env.TANDEM_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: 'web',
  plugins: [
    react(),
    {
      // In development, a personal link opens the answering page, as the production server does.
      name: 'answer-page',
      configureServer(server) {
        server.middlewares.use((request, _response, next) => {
          if (request.url && /^\/answer\/[^/.?]+(\?.*)?$/.test(request.url)) request.url = '/answer.html';
          next();
        });
      },
    },
  ],
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
    // Two pages: the SPA, and the answering page a rep opens from a mail link, which loads no framework.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        answer: fileURLToPath(new URL('./answer.html', import.meta.url)),
      },
    },
  },
});
