import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { INTERNAL_SECRET_FILE, internalSecretOf } from './internal-secret';

describe('the internal secret', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-secret-'));
  });

  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is FERRY_INTERNAL_SECRET when set, and nothing is written', () => {
    const secret = 'x'.repeat(40);
    expect(internalSecretOf({ internalSecret: secret, dataDir })).toBe(secret);
    expect(fs.existsSync(path.join(dataDir, INTERNAL_SECRET_FILE))).toBe(false);
  });

  it('is created once in the data directory (owner-only) and read back afterwards', () => {
    const first = internalSecretOf({ internalSecret: undefined, dataDir });
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, INTERNAL_SECRET_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(internalSecretOf({ internalSecret: undefined, dataDir })).toBe(first);
    expect(fs.readdirSync(dataDir)).toEqual([INTERNAL_SECRET_FILE]);
  });

  it('is the same for processes that start at once on one data directory', async () => {
    const script = `
      require('${path.join(__dirname, '..', '..', '..', '..', 'tools', 'platform', 'register.js').replace(/\\/g, '/')}');
      const { internalSecretOf } = require('${path.join(__dirname, 'internal-secret.ts').replace(/\\/g, '/')}');
      process.send(internalSecretOf({ internalSecret: undefined, dataDir: process.argv[2] }), () => process.exit(0));
    `;
    const entry = path.join(dataDir, '..', `${path.basename(dataDir)}-race.js`);
    fs.writeFileSync(entry, script);
    try {
      const secrets = await Promise.all(
        Array.from(
          { length: 6 },
          () =>
            new Promise<string>((resolve, reject) => {
              const child = fork(entry, [dataDir], { stdio: 'ignore' });
              child.once('message', (message) => resolve(String(message)));
              child.once('error', reject);
            }),
        ),
      );
      expect(new Set(secrets).size).toBe(1);
      expect(secrets[0]).toBe(fs.readFileSync(path.join(dataDir, INTERNAL_SECRET_FILE), 'utf8').trim());
    } finally {
      fs.rmSync(entry, { force: true });
    }
  });

  it('refuses a file that holds no usable secret', () => {
    fs.writeFileSync(path.join(dataDir, INTERNAL_SECRET_FILE), 'short\n');
    expect(() => internalSecretOf({ internalSecret: undefined, dataDir })).toThrow(/no usable secret/);
  });
});
