// ESLint flat config: typescript-eslint for all code, react-hooks for the app, purity rules for the kernel.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'e2e/.results', 'e2e/screenshots'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // The kernel is deterministic: no clocks, no ambient randomness, no timers, no UI.
    files: ['src/kernel/**/*.ts'],
    ignores: ['src/kernel/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'The kernel has no DOM.' },
        { name: 'document', message: 'The kernel has no DOM.' },
        { name: 'setTimeout', message: 'Time comes from the scheduler.' },
        { name: 'setInterval', message: 'Time comes from the scheduler.' },
        { name: 'performance', message: 'Time comes from the scheduler.' },
        { name: 'Date', message: 'Time comes from the scheduler.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded prng.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', 'd3', 'd3-*', 'motion', 'motion/*', 'zustand', '*/app/*', '*/worker/*'] },
      ],
    },
  },
);
