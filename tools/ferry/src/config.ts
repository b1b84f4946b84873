import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What `ferry login` keeps: the gateway and the key, in a file only its owner can read. */
export interface StoredLogin {
  url: string;
  apiKey?: string;
}

export const DEFAULT_URL = 'http://127.0.0.1:4000';

/** `FERRY_CONFIG`, else `$XDG_CONFIG_HOME/ferry/config.json`, else `~/.config/ferry/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FERRY_CONFIG !== undefined && env.FERRY_CONFIG !== '') {
    return path.resolve(env.FERRY_CONFIG);
  }
  const base =
    env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== ''
      ? env.XDG_CONFIG_HOME
      : path.join(os.homedir(), '.config');
  return path.join(base, 'ferry', 'config.json');
}

/** The stored login, or nothing when there is none (or it cannot be read). */
export function readLogin(env: NodeJS.ProcessEnv = process.env): StoredLogin | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(configPath(env), 'utf8')) as Partial<StoredLogin>;
    return typeof parsed.url === 'string' ? { url: parsed.url, apiKey: parsed.apiKey } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the login atomically with mode 0600 (the key is a secret). */
export function writeLogin(login: StoredLogin, env: NodeJS.ProcessEnv = process.env): string {
  const file = configPath(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  return file;
}

/** Where to connect: `--url`/`--key` first, then FERRY_URL/FERRY_API_KEY, then the stored login. */
export function resolveTarget(
  flags: { url?: string | undefined; key?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): { url: string; apiKey: string | undefined } {
  const stored = readLogin(env);
  const nonEmpty = (value: string | undefined): string | undefined =>
    value === undefined || value === '' ? undefined : value;
  return {
    url: nonEmpty(flags.url) ?? nonEmpty(env.FERRY_URL) ?? stored?.url ?? DEFAULT_URL,
    apiKey: nonEmpty(flags.key) ?? nonEmpty(env.FERRY_API_KEY) ?? stored?.apiKey,
  };
}
