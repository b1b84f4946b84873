import type { Command } from '../command';
import { renderFields, renderTable } from '../output/table';
import { requiredOption } from '../args';

interface ApiKey {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
}

const KEY_FIELDS = 'id name role prefix createdAt createdBy revokedAt';

export const keysCreate: Command = {
  words: ['keys', 'create'],
  args: 'NAME',
  summary: 'make an API key (admin): its secret is shown once',
  options: { role: { type: 'string' } },
  optionHelp: { role: 'viewer (read), operator (predict, deploy, train) or admin (required)' },
  positionals: { min: 1, max: 1 },
  async run({ client, values, positionals, out }) {
    const { createApiKey } = await client.request<{ createApiKey: { key: ApiKey; secret: string } }>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key { ${KEY_FIELDS} } secret } }`,
      { input: { name: positionals[0], role: requiredOption(values, 'role') } },
    );
    out.result(createApiKey, () =>
      [
        renderFields([
          ['key', `${createApiKey.key.name} (${createApiKey.key.role})`],
          ['id', createApiKey.key.id],
          ['secret', createApiKey.secret],
        ]),
        '',
        'The secret is shown this once: keep it (ferry login --key <secret>, or Authorization: Bearer <secret>).',
      ].join('\n'),
    );
  },
};

export const keysList: Command = {
  words: ['keys', 'list'],
  args: '',
  summary: 'list API keys (admin), without their secrets',
  options: { all: { type: 'boolean' } },
  optionHelp: { all: 'revoked keys too' },
  positionals: { min: 0, max: 0 },
  async run({ client, values, out }) {
    const { apiKeys } = await client.request<{ apiKeys: ApiKey[] }>(
      `query($all: Boolean) { apiKeys(includeRevoked: $all) { ${KEY_FIELDS} } }`,
      { all: values.all === true },
    );
    out.result(apiKeys, () =>
      renderTable(apiKeys, [
        { header: 'id', value: (k) => k.id },
        { header: 'name', value: (k) => k.name },
        { header: 'role', value: (k) => k.role },
        { header: 'prefix', value: (k) => k.prefix },
        { header: 'created', value: (k) => k.createdAt },
        { header: 'by', value: (k) => k.createdBy },
        { header: 'revoked', value: (k) => k.revokedAt },
      ]),
    );
  },
};

export const keysRevoke: Command = {
  words: ['keys', 'revoke'],
  args: 'KEY_ID',
  summary: 'revoke an API key at once, everywhere (admin); the last admin key cannot be revoked',
  positionals: { min: 1, max: 1 },
  async run({ client, positionals, out }) {
    const { revokeApiKey } = await client.request<{ revokeApiKey: ApiKey }>(
      `mutation($id: ID!) { revokeApiKey(id: $id) { ${KEY_FIELDS} } }`,
      { id: positionals[0] },
    );
    out.result(revokeApiKey, () => `revoked ${revokeApiKey.name} (${revokeApiKey.role}, ${revokeApiKey.prefix}…)`);
  },
};
