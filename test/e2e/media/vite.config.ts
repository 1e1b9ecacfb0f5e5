import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Builds the media backend test page into test/e2e/.build/media, with the media fixtures beside it. */
export const MEDIA_PAGE_OUT = fileURLToPath(new URL('../.build/media', import.meta.url));
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: fileURLToPath(new URL('../../fixtures/media', import.meta.url)),
  logLevel: 'warn',
  build: { target: 'es2022', outDir: MEDIA_PAGE_OUT, emptyOutDir: true },
});
