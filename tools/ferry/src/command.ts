import type { ParseArgsConfig } from 'node:util';

import type { FerryClient } from './client/client';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Writes a command's result: the human form on a terminal or by default, the JSON form with `--json`. */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  /** The command's answer: `json` as indented JSON with `--json`, else the text `human()` makes. */
  result(json: unknown, human: () => string): void {
    this.stdout.write(`${this.json ? JSON.stringify(json, null, 2) : human()}\n`);
  }

  /** One event of a stream (watch commands): a JSON line with `--json`, else the text. */
  event(json: unknown, human: () => string): void {
    this.stdout.write(`${this.json ? JSON.stringify(json) : human()}\n`);
  }

  /** A note for the person (what is being waited for): stderr, so stdout stays the result, JSON or not. */
  note(line: string): void {
    this.stderr.write(`${line}\n`);
  }
}

export interface CommandContext {
  client: FerryClient;
  values: OptionValues;
  positionals: string[];
  out: Output;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** One `ferry` command: its words, what it takes, and what it does. Answers an exit code (default 0). */
export interface Command {
  words: string[];
  /** The arguments after the words, as shown in help: `NAME FILE`. */
  args: string;
  summary: string;
  options?: OptionSpec;
  /** Help for each option, by name. */
  optionHelp?: Record<string, string>;
  positionals: { min: number; max: number };
  /** Commands that only read the login (`login`) get no client until they make one. */
  run(context: CommandContext): Promise<number | void>;
}
