import { parseArgs } from 'node:util';

import { FerryClient } from './client/client';
import { ExitCode, FerryApiError, usage } from './client/errors';
import { Output, type Command, type OptionSpec } from './command';
import { COMMANDS } from './commands';
import { resolveTarget } from './config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FERRY_VERSION = (require('../../../package.json') as { version: string }).version;

const GLOBAL_OPTIONS: OptionSpec = {
  url: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const GLOBAL_HELP = [
  '  --url URL     the gateway (default: FERRY_URL, the stored login, http://127.0.0.1:4000)',
  '  --key KEY     the API key (default: FERRY_API_KEY, the stored login)',
  '  --json        machine-readable output (JSON; watch commands print one JSON object per line)',
  '  -h, --help    this help',
].join('\n');

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Runs one `ferry …` invocation; answers the exit code. Errors are one line on stderr. */
export async function runCli(io: CliIo): Promise<number> {
  if (io.argv[0] === '--version' || io.argv[0] === '-v') {
    io.stdout.write(`ferry ${FERRY_VERSION}\n`);
    return ExitCode.OK;
  }
  const { command, rest } = findCommand(io.argv);
  if (command === undefined) {
    const words = io.argv.filter((word) => !word.startsWith('-'));
    // `ferry`, `ferry --help`, `ferry help` and a bare group (`ferry models`) show what there is to run.
    const group = COMMANDS.some(
      (c) => words.length > 0 && words.length < c.words.length && words.every((w, i) => c.words[i] === w),
    );
    if (words.length === 0 || words[0] === 'help' || group) {
      io.stdout.write(`${helpText(words[0] === 'help' ? words.slice(1) : words)}\n`);
      return ExitCode.OK;
    }
    io.stderr.write(`ferry: unknown command "${words.join(' ')}" (ferry --help lists them)\n`);
    return ExitCode.USAGE;
  }
  const json = io.argv.includes('--json');
  let client: FerryClient | undefined;
  try {
    const { values, positionals } = parseCommandLine(command, rest);
    if (values.help === true) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return ExitCode.OK;
    }
    const target = resolveTarget(
      { url: values.url as string | undefined, key: values.key as string | undefined },
      io.env,
    );
    client = new FerryClient({ url: target.url, apiKey: target.apiKey });
    const out = new Output(json, io.stdout, io.stderr);
    const code = await command.run({ client, values, positionals, out, env: io.env, stdin: io.stdin });
    return code ?? ExitCode.OK;
  } catch (error) {
    const known = error instanceof FerryApiError ? error : undefined;
    const message = known?.message ?? (error instanceof Error ? error.message : String(error));
    const code = known === undefined ? 'INTERNAL' : known.code;
    io.stderr.write(`ferry: ${oneLine(message)}${code === 'USAGE' || code === 'FAILED' ? '' : ` [${code}]`}\n`);
    if (known?.code === 'USAGE') {
      io.stderr.write(`usage: ${usageLine(command)}\n`);
    }
    return known?.exitCode ?? ExitCode.INTERNAL;
  } finally {
    await client?.close();
  }
}

/** The command whose words start the argument list (the longest match), and what follows them. */
function findCommand(argv: string[]): { command: Command | undefined; rest: string[] } {
  let best: Command | undefined;
  for (const command of COMMANDS) {
    if (
      command.words.every((word, i) => argv[i] === word) &&
      (best === undefined || command.words.length > best.words.length)
    ) {
      best = command;
    }
  }
  return { command: best, rest: best === undefined ? argv : argv.slice(best.words.length) };
}

function parseCommandLine(command: Command, rest: string[]): ReturnType<typeof parseArgs> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usage((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  if (parsed.values.help !== true) {
    const count = parsed.positionals.length;
    if (count < command.positionals.min) {
      throw usage(`missing ${command.args.split(' ').slice(count, command.positionals.min).join(' ')}`);
    }
    if (count > command.positionals.max) {
      throw usage(`unexpected argument "${parsed.positionals[command.positionals.max] ?? ''}"`);
    }
  }
  return parsed;
}

function usageLine(command: Command): string {
  return `ferry ${command.words.join(' ')}${command.args === '' ? '' : ` ${command.args}`}${command.options === undefined ? '' : ' [options]'}`;
}

function commandHelp(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([name, spec]) => {
    const flag = `--${name}${spec.type === 'string' ? ` ${name.toUpperCase().replace(/-/g, '_')}` : ''}`;
    return `  ${flag.padEnd(26)} ${command.optionHelp?.[name] ?? ''}`.trimEnd();
  });
  return [
    `usage: ${usageLine(command)}`,
    '',
    command.summary,
    '',
    ...(options.length > 0 ? ['options:', ...options, ''] : []),
    'global options:',
    GLOBAL_HELP,
  ].join('\n');
}

/** Every command, or those under the words given (`ferry models --help`). */
function helpText(words: string[]): string {
  const under = COMMANDS.filter((command) => words.every((word, i) => command.words[i] === word));
  const listed = under.length > 0 ? under : COMMANDS;
  const width = Math.max(...listed.map((command) => `${command.words.join(' ')} ${command.args}`.length));
  return [
    'ferry — models, data, deployments, predictions, training and drift on a Ferry platform',
    '',
    'usage: ferry <command> [arguments] [options]',
    '',
    'commands:',
    ...listed.map((command) => `  ${`${command.words.join(' ')} ${command.args}`.padEnd(width)}  ${command.summary}`),
    '',
    'global options:',
    GLOBAL_HELP,
    '',
    'exit codes: 0 ok, 1 the operation failed, 2 bad usage or input, 3 not found, 4 not allowed (key or role),',
    '            5 conflict, 6 the platform did not answer, 70 internal error',
  ].join('\n');
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
