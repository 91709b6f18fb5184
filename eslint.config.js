import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));
const features = readdirSync(`${root}/src/features`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * Feature boundaries (issue 13): infrastructure (db, lib, mail, http) never imports a feature;
 * a feature never imports another feature's store (`store.ts`, `<topic>-store.ts`) — it asks
 * that feature's service, or the users kernel (any users/ module but its store).
 */
const boundaryZones = [
  {
    target: ['./src/db', './src/lib', './src/mail', './src/http'],
    from: './src/features',
    message: 'Infrastructure depends on interfaces, never on a feature: inject what it needs.',
  },
  ...features.map((feature) => ({
    target: `./src/features/${feature}`,
    from: features.filter((other) => other !== feature).map((other) => `./src/features/${other}/?(*-)store.ts`),
    message: `Another feature's store is private to it: call that feature's service (or a users/ kernel function).`,
  })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-output/**', 'coverage/**', '.tmp/**', 'web/src/api/openapi.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'web/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // a hook called after an early return breaks the page only on the render that takes the other branch
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { import: importPlugin },
    settings: {
      // imports end in `.js` and resolve to `.ts`: without the TypeScript resolver the rule skips them silently
      'import/resolver': { typescript: { project: `${root}/tsconfig.json` } },
    },
    rules: { 'import/no-restricted-paths': ['error', { basePath: root, zones: boundaryZones }] },
  },
  {
    // CommonJS, so that it runs before any ES module loads (see bin/userhub.js)
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/db/migrations/**/*.ts', 'test/**/*.ts', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
