import * as fs from 'node:fs';
import * as path from 'node:path';

import { parseTable, train } from '@ferry/ml';

import { BASELINE, generateUsers, SHIFTED, toCsv } from './users';

/**
 * Writes the example files of the README's quick start into `examples/` (committed; re-run with
 * `npm run examples` after changing the generator): users of an ad platform last quarter and this quarter, live
 * users to predict, and a purchase-propensity model trained on last quarter by Ferry's own logistic regression.
 */
function main(): void {
  const dir = path.resolve(__dirname, '..', '..', '..', '..', 'examples');
  fs.mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    'users-q1.csv': toCsv(generateUsers(BASELINE, 3000, 1)),
    'users-q2.csv': toCsv(generateUsers(SHIFTED, 3000, 2)),
    'live-users.csv': toCsv(generateUsers(BASELINE, 300, 3, false)),
    'live-users-shifted.csv': toCsv(generateUsers(SHIFTED, 300, 4, false)),
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
