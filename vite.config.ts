/**
 * Web build: the React app in `web/` → `dist/web` (served by the Fastify server).
 * `npx vite` runs a dev server that proxies the API to a server on port 3000.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const API = 'http://127.0.0.1:3000';

const nm = (names: string): RegExp => new RegExp(`[\\\\/]node_modules[\\\\/](${names})[\\\\/]`);

/**
 * Vendor chunks (Vite 8 / Rolldown's successor of manualChunks): long-cached and shared by
 * all pages. echarts gets its own chunk, fetched only by pages that draw charts; antd's
 * components are left to the automatic splitting so the login page loads only those it uses.
 */
const VENDOR_GROUPS = [
  { name: 'echarts', test: nm('echarts|zrender'), priority: 40 },
  { name: 'react', test: nm('react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser'), priority: 30 },
  { name: 'zod', test: nm('zod'), priority: 20 },
];

export default defineConfig({
  root: path.join(ROOT, 'web'),
  publicDir: path.join(ROOT, 'web', 'public'),
  plugins: [react()],
  resolve: {
    // common/** imports with explicit `.ts` extensions ('./permissions.ts'); Vite resolves
    // those as written. Extensionless imports still work for packages.
    extensions: ['.mjs', '.js', '.mts', '.ts', '.jsx', '.tsx', '.json'],
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // The web imports ../common/** from outside the Vite root.
    fs: { allow: [ROOT] },
    proxy: {
      '/api': { target: API, changeOrigin: false },
      '/docs': { target: API, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: API, changeOrigin: false },
      '/docs': { target: API, changeOrigin: false },
    },
  },
  build: {
    outDir: path.join(ROOT, 'dist', 'web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: VENDOR_GROUPS },
      },
    },
  },
});
