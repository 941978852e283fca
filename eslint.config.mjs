import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'miniapp/dist/**',
      'miniapp/dist-h5/**',
      'tests/artifacts/**',
      '.data/**',
      'miniapp/babel.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Data flows one way (DESIGN.md): routes never reach models or axios directly.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['bff/src/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/models/**', 'mongoose'], message: 'Routes call services, not models.' },
            { group: ['axios', '**/upstreams/**'], message: 'Routes call services, not upstreams.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/bff/**', '**/miniapp/**', 'node:*'], message: 'shared/ has no I/O.' }] },
      ],
    },
  },
  {
    files: ['miniapp/src/pages/**/*.{ts,tsx}', 'miniapp/src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Taro'][property.name='request']",
          message: 'Pages call miniapp/src/api, never Taro.request.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
