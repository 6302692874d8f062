import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The app is bundled whole into dist/ (no CDN at run time) and served by @assay/server.
// Workspace packages (@assay/api) are read from their TypeScript sources through the `source` condition.
export default defineConfig({
  plugins: [react()],
  base: '/',
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // No inline scripts or data: URLs for assets, so the server's CSP can say script-src 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  // `npm run dev`: the API of an `assay serve` on :5151, with the Host and Origin it accepts (its DNS-rebinding
  // and same-origin checks would refuse the dev server's own).
  server: {
    proxy: {
      '/api': {
        target: 'http://127.0.0.1:5151',
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReq', (req) => {
            if (req.getHeader('origin')) req.setHeader('origin', 'http://127.0.0.1:5151');
          });
        },
      },
    },
  },
});
