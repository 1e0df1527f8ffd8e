import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node built-ins are allowed only in the CLI and in the one Node file adapter:
// the library must also run inside a browser Web Worker.
const nodeImportBan = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['node:*'], message: 'node: imports are allowed only in src/cli/ and src/io/nodeFiles.ts' },
        { group: ['fs', 'path', 'os', 'child_process', 'worker_threads', 'url', 'crypto'], message: 'Node built-ins are allowed only in src/cli/ and src/io/nodeFiles.ts' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/io/nodeFiles.ts', 'src/**/*.test.ts'],
    rules: nodeImportBan,
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
