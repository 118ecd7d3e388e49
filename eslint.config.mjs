import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '**/dist/**',
      'dist-bench/**',
      'node_modules/**',
      'coverage/**',
      'test-output/**',
      '*.js',
      '*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // The per-event path. On Node 20 (V8 11.3) a property or a second spread after a spread in an
    // object literal (`{ ...a, b }`) leaves the fast clone: about 1 µs a property, measured
    // (README: Benchmarks, "Object spread"). Object.assign or plain assignments cost 0.1–0.2 µs.
    files: [
      'libs/core/src/pipeline/**/*.ts',
      'libs/core/src/persistence/*.repository.ts',
      'libs/core/src/net/http-transport.ts',
      'libs/core/src/observability/logger.ts',
      'connectors/*/src/*.connector.ts',
    ],
    ignores: ['**/*.spec.ts', '**/*.schema.ts'], // schemas are built once, at load
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement ~ :matches(Property, SpreadElement)',
          message:
            'On the per-event path, no property or spread after a spread in an object literal: V8 11 builds it slowly (about 1 µs a property). Use Object.assign or assignments.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '**/*.spec.ts', 'apps/demo/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
