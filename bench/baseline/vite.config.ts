import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Builds the bare React Flow baseline page into bench/.build/baseline (same toolchain as Weft). */
const here = fileURLToPath(new URL('.', import.meta.url));
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: { target: 'es2022', outDir: fileURLToPath(new URL('../.build/baseline', import.meta.url)), emptyOutDir: true },
});
