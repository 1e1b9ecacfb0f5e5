import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { weftBuildStamp } from './src/server/buildStamp.ts';
import { weftPrecompress } from './src/server/precompress.ts';
import { weftServer } from './src/server/vitePlugin.ts';

export default defineConfig({
  // weftServer(): the provider proxy and simulator under /api/ in `npm run dev` and `vite preview`.
  // weftPrecompress() and weftBuildStamp(): .br/.gz beside each text asset, and the stamp `npm start` reads.
  plugins: [react(), weftServer(), weftPrecompress(), weftBuildStamp()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  // The timings check would report weftPrecompress (seconds of brotli, by design) on every build.
  build: { target: 'es2022', chunkSizeWarningLimit: 1500, rolldownOptions: { checks: { bundlerTimings: false } } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
  },
});
