import { defineConfig } from 'vite';

// The server serves the built files at /admin (apps/server/src/console); esbuild handles the JSX,
// so no React plugin is needed for a production build.
export default defineConfig({
  base: '/admin/',
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
