'use strict';
// Compiles every TypeScript source of the workspace into the loader's cache (run by `npm ci` / `npm install`
// through the root package's `prepare` script), so services start without loading swc at all.
const fs = require('node:fs');
const path = require('node:path');

const { compile } = require('./register.js');

const root = path.resolve(__dirname, '..', '..');
let count = 0;

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) {
      continue;
    }
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      compile(fs.readFileSync(full, 'utf8'), full);
      count += 1;
    }
  }
}

for (const top of ['libs', 'services', 'tools']) {
  walk(path.join(root, top));
}
process.stdout.write(`ferry: compiled ${count} TypeScript files into node_modules/.cache/ferry-ts\n`);
