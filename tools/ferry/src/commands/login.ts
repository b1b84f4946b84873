import { FerryClient } from '../client/client';
import { usage } from '../client/errors';
import type { Command } from '../command';
import { configPath, resolveTarget, writeLogin } from '../config';
import { renderFields } from '../output/table';
import { readAll } from './input';

interface ViewerAnswer {
  viewer: { name: string | null; role: string };
}

/** `ferry login`: checks a key with the gateway and stores it (0600) for the next commands. */
export const login: Command = {
  words: ['login'],
  args: '',
  summary: 'check an API key with the gateway and remember it (key from --key, FERRY_API_KEY or stdin)',
  positionals: { min: 0, max: 0 },
  async run({ values, env, stdin, out }) {
    const target = resolveTarget({ url: values.url as string | undefined, key: values.key as string | undefined }, env);
    let key = target.apiKey;
    if (key === undefined && stdin.isTTY !== true) {
      key = (await readAll(stdin)).trim() || undefined;
    }
    if (key !== undefined && /\s/.test(key)) {
      throw usage('an API key has no spaces or line breaks');
    }
    const client = new FerryClient({ url: target.url, apiKey: key });
    try {
      const { viewer } = await client.request<ViewerAnswer>('{ viewer { name role } }');
      const file = writeLogin({ url: client.baseUrl, ...(key === undefined ? {} : { apiKey: key }) }, env);
      out.result({ url: client.baseUrl, name: viewer.name, role: viewer.role, config: file }, () =>
        renderFields([
          ['logged in to', client.baseUrl],
          ['as', viewer.name ?? '(auth off)'],
          ['role', viewer.role],
          ['saved in', configPath(env)],
        ]),
      );
    } finally {
      await client.close();
    }
  },
};
