import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'bench/.build/**', 'test/e2e/.build/**', 'node_modules/**', 'nodes/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/store/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The core is pure: no React, no DOM-only APIs, no network, no other layer.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['react', 'react-dom', '@xyflow/*', 'zustand', 'zustand/*'], message: 'src/core is pure: no React.' },
        // (`../providers/…` inside core is src/core/providers, the interface; the adapters are two levels up.)
        { group: ['../../providers/**', '../../../providers/**', '**/storage/**', '**/ui/**', '**/store/**', '**/server/**', '**/cli/**', 'node:*', 'fs', 'path'], message: 'src/core depends on nothing outside core.' },
      ] }],
      'no-restricted-globals': ['error', 'fetch', 'document', 'window', 'localStorage', 'indexedDB'],
    },
  },
);
