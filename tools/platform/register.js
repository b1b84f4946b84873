'use strict';
// Loads TypeScript sources in Node with swc: decorators with metadata (type-graphql, TypeORM), CommonJS,
// inline source maps. Every Ferry process starts with `node -r ./tools/platform/register.js` (ADR 0001).
// Compiled output is cached by content hash under node_modules/.cache/ferry-ts, so a warm start never
// loads swc's native binding (~35 MiB per process).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

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

const cacheDir = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'ferry-ts');
const optionsKey = JSON.stringify(swcOptions) + swcVersion();
let swc;

function swcVersion() {
  try {
    return require('@swc/core/package.json').version;
  } catch {
    return 'unknown';
  }
}

function compile(source, filename) {
  const key = crypto.createHash('sha256').update(optionsKey).update(filename).update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not cached yet
  }
  swc ??= require('@swc/core');
  const { code } = swc.transformSync(source, { ...swcOptions, filename });
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, cached);
  } catch {
    // a read-only tree still runs, just without the cache
  }
  return code;
}

process.setSourceMapsEnabled(true);

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};

module.exports = { compile };
