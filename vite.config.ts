import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { weftServer } from './src/server/vitePlugin.ts';

export default defineConfig({
  // weftServer(): the provider proxy and simulator under /api/ in `npm run dev` and `vite preview`.
  plugins: [react(), weftServer()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
  },
});
