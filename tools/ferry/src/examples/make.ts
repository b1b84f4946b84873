import * as fs from 'node:fs';
import * as path from 'node:path';

import { parseTable, train } from '@ferry/ml';

import { drawLabelledUsers, drawUser, SeededRandom, toCsv, type Era } from '../demo/users';

const unlabelled = (era: Era, count: number, seed: number) => {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () => drawUser(random, era));
};

/**
 * Writes the example files of the README's quick start into `examples/` (committed; `npm run examples` makes them
 * again): users of an ad platform last quarter and this quarter (the demo's two eras, docs/demo.md), live users of
 * each to predict, and a purchase-propensity model trained on last quarter by Ferry's own logistic regression.
 */
function main(): void {
  const dir = path.resolve(__dirname, '..', '..', '..', '..', 'examples');
  fs.mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    'users-q1.csv': toCsv(drawLabelledUsers(new SeededRandom(1), 'v1', 3000)),
    'users-q2.csv': toCsv(drawLabelledUsers(new SeededRandom(2), 'v2', 3000)),
    'live-users.csv': toCsv(unlabelled('v1', 300, 3)),
    'live-users-shifted.csv': toCsv(unlabelled('v2', 300, 4)),
  };
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text);
  }
  const trained = train({
    table: parseTable(files['users-q1.csv'] ?? ''),
    target: 'purchased',
    trainer: { type: 'logistic_regression' },
    seed: 1,
  });
  fs.writeFileSync(path.join(dir, 'propensity.onnx'), trained.onnx);
  process.stdout.write(`wrote ${[...Object.keys(files), 'propensity.onnx'].join(', ')} to ${dir}\n`);
}

main();
