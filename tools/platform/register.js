'use strict';
// Loads TypeScript sources in Node with swc: decorators with metadata (type-graphql, TypeORM), CommonJS,
// inline source maps. Every Ferry process starts with `node -r ./tools/platform/register.js`.
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

process.setSourceMapsEnabled(true);

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcOptions, filename });
  module._compile(code, filename);
};
