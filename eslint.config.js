import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // CommonJS test fixtures (stand-ins for native modules loaded with require).
    files: ['tests/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,svelte}', 'tests/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: tseslint.parser,
        svelteConfig,
      },
    },
  },
  {
    // Electron is imported only by the composition root, the desktop glue and the preload:
    // everything else runs under plain Node (tests, bench, doctor, web preview).
    files: ['src/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/desktop/**', 'src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only src/main/index.ts, src/main/desktop/ and src/preload/ may import electron.',
            },
          ],
        },
      ],
    },
  },
  {
    // The simulator is a product of its own that other developers run: it imports nothing
    // of the app (no src/main, src/shared, src/renderer), only packages and its own modules.
    files: ['src/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The simulator runs under plain Node.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(main|shared|renderer|preload)(/|$)',
              message: 'The simulator imports nothing of the app.',
            },
          ],
        },
      ],
    },
  },
);
