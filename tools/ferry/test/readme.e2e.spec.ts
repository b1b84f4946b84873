import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  startProcess,
  startTestPlatform,
  waitForStderr,
  type CliRun,
  type Started,
  type TestPlatform,
} from './support';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** The `npx ferry …` commands of the README's CLI quick start, in order, as written. */
function quickStartCommands(): string[] {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = /<!-- quickstart:begin -->([\s\S]*?)<!-- quickstart:end -->/.exec(readme)?.[1] ?? '';
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** Runs one README line through a shell in the repository, as a person would paste it. */
function shell(command: string, env: NodeJS.ProcessEnv): Started {
  return startProcess('sh', ['-c', command], { env, cwd: REPO });
}

describe("the README's CLI quick start, command by command, as written", () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform('readme');
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('runs every command, ending with the retrained model served', async () => {
    const commands = quickStartCommands();
    expect(commands.length).toBeGreaterThanOrEqual(12);
    expect(commands.every((command) => command.startsWith('npx ferry '))).toBe(true);
    // The platform of this test listens on its own ports (the README's default is 127.0.0.1:4000); the key is the one
    // `npm start` printed, which `login` stores — so no FERRY_API_KEY in the environment.
    const env = { ...platform.cliEnv, FERRY_API_KEY: '' };
    const outputs = new Map<string, CliRun>();
    let watcher: Started | undefined;
    for (const line of commands) {
      const command = line.replace('fry_…', platform.adminKey);
      if (command.includes(' drift watch ')) {
        // "In a third terminal": it waits while the next commands run.
        watcher = shell(command, env);
        await waitForStderr(watcher, /watching drift alerts/);
        continue;
      }
      const run = await shell(command, env).done;
      expect({ command: line, code: run.code, stderr: run.stderr }).toMatchObject({ command: line, code: 0 });
      outputs.set(line.split(' ').slice(2, 4).join(' '), run);
      if (command.includes('live-users-shifted.csv')) {
        const alert = await watcher!.done;
        expect(alert.code).toBe(0);
        expect(alert.stdout).toMatch(/ propensity {2}DRIFTING\n/);
        expect(alert.stdout).toMatch(/features drifted .*\bage\b/);
      }
    }
    expect(watcher).toBeDefined();
    expect(outputs.get('drift reports')?.stdout).toMatch(/\bYES\b/);
    const retrained = outputs.get('pipelines run')?.stdout ?? '';
    expect(retrained).toMatch(/^state: +succeeded$/m);
    expect(retrained).toMatch(/^model version: +propensity v2$/m);
    expect(retrained).toMatch(/^decision: +promoted: /m);
    expect(outputs.get('deploy show')?.stdout).toMatch(/^live +production +1 +v2 /m);
    expect(outputs.get('models show')?.stdout).toMatch(/^aliases: +production→v2$/m);
  });
});
