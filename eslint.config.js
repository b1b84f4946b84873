// Lint rules of the workspace. Boundaries (see docs/CONVENTIONS in ../shared/design and README "Layout"):
// - a service's domain/ knows no transport and no ORM;
// - services never import each other; libs never import services; only tools may import services.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const SERVICES = ['gateway', 'registry', 'inference', 'monitoring', 'training'];
const otherServices = SERVICES.map((name) => ({
  group: [`@ferry/${name}`, `@ferry/${name}/*`],
  message: 'services never import each other: use events or federation',
}));

module.exports = tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '.nx/**', '.ferry/**', 'infra/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'use named exports' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['services/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: otherServices }],
    },
  },
  {
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['typeorm', 'type-graphql', 'nats', 'onnxruntime-node', '@apollo/server', 'graphql'].map((name) => ({
            name,
            message:
              'domain/ holds the rules only: transports and the ORM live in graphql/, messaging/, rest/ and store/',
          })),
          patterns: [
            {
              group: ['@ferry/messaging', '@ferry/persistence', '@ferry/service-runtime'],
              message: 'domain/ depends on contracts only',
            },
            ...otherServices,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
