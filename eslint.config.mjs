import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const electronImport = {
  name: 'electron',
  message: 'The core and the contract run without Electron; put Electron code in src/main/desktop.',
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS files (a driver wrapper a worker thread `require`s in tests) use require.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Layer rule: the core and the shared contract never import Electron.
    files: ['src/main/core/**/*.ts', 'src/shared/**/*.ts', 'src/main/serve.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronImport], patterns: [{ group: ['electron/*'], message: electronImport.message }] }] },
  },
  {
    // Layer rule: the renderer talks to the core through the contract only.
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [
            { group: ['**/main/**', '**/preload/**'], message: 'The renderer may import src/shared only, never main or preload code.' },
            { group: ['node:*', 'fs', 'path', 'child_process', 'os'], message: 'The renderer runs in a browser sandbox: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    // The shared contract imports nothing of ours but itself.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared imports nothing but zod and itself.' }],
        },
      ],
    },
  },
)
