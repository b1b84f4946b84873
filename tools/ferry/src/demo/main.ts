import type { DemoContext } from './context';
import { openPlatform, type DemoPlatform } from './platform';
import { closeContext, openContext, runClosedLoop } from './scenario';
import { seconds, Story } from './story';

/**
 * `npm run demo`: the closed loop of Ferry on an ad platform's users, against FERRY_URL when it is set (with
 * FERRY_API_KEY), else on a fresh platform of its own that it removes at the end. Exits 0 only when every step
 * verified what the platform answered; otherwise 1, after one line naming the step and why.
 */
async function main(): Promise<number> {
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  const started = Date.now();
  write("Ferry demo: an ad platform's users, segmented and scored, watched for drift, retrained on new data");
  let platform: DemoPlatform;
  try {
    platform = await openPlatform(process.env);
  } catch (error) {
    write(`✗ Demo failed before step 1: ${messageOf(error)}`);
    return 1;
  }
  write(`Platform: ${platform.description}`);
  write('');
  let ctx: DemoContext | undefined;
  let failure: string | undefined;
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const story = new Story(write);
  try {
    ctx = await openContext(platform.client, platform.nameSuffix);
    const loop = runClosedLoop(ctx, story).then(() => 'done' as const);
    // After an interruption the loop may still fail while the platform stops; that is expected, not unhandled.
    loop.catch(() => undefined);
    const outcome = await Promise.race([loop, interrupted]);
    if (outcome !== 'done') {
      story.silence();
      failure = 'interrupted';
    }
  } catch (error) {
    failure = messageOf(error);
  }
  write('');
  const stopping = Date.now();
  try {
    if (ctx !== undefined) {
      await closeContext(ctx);
    }
  } finally {
    await platform.close();
  }
  const cleanUp =
    platform.nameSuffix === '' ? `; platform stopped and removed in ${seconds(Date.now() - stopping)}` : '';
  if (failure !== undefined) {
    write(`✗ Demo failed: ${failure}`);
    if (platform.warnings.length > 0 && failure !== 'interrupted') {
      write('  The last warnings and errors the services logged:');
      for (const line of platform.warnings.slice(-10)) {
        write(`    ${line}`);
      }
    }
    return 1;
  }
  write(
    `✓ Demo passed in ${seconds(Date.now() - started)} (the story itself ${seconds(story.elapsedMs())}${cleanUp}): ` +
      'drift alert received, challenger promoted, inference swapped with 0 failed requests',
  );
  return 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`✗ Demo failed: ${messageOf(error)}\n`);
    process.exit(1);
  },
);
