import { ExitCode } from '../client/errors';
import type { Command } from '../command';
import { renderFields, renderTable } from '../output/table';

interface ServiceInfo {
  name: string;
  version: string;
  ready: boolean;
  database: string;
  uptimeSeconds: number;
}

const SERVICES = ['registry', 'inference', 'monitoring', 'training'] as const;

/** `ferry status`: who the key is, and each service as the gateway reaches it. Exit 6 when one is not ready. */
export const status: Command = {
  words: ['status'],
  args: '',
  summary: 'the gateway, who the key is, and whether each service answers and is ready',
  positionals: { min: 0, max: 0 },
  async run({ client, out }) {
    // One query per service: the `…Service` root fields are non-null, so one service down would null the whole answer.
    const { viewer } = await client.request<{ viewer: { name: string | null; role: string } }>(
      '{ viewer { name role } }',
    );
    const services = await Promise.all(
      SERVICES.map(async (name) => {
        const { data, errors } = await client.requestPartial<Record<string, ServiceInfo>>(
          `{ ${name}Service { name version ready database uptimeSeconds } }`,
        );
        const info = data?.[`${name}Service`];
        return {
          name,
          ready: info?.ready === true,
          version: info?.version ?? null,
          database: info?.database ?? null,
          uptimeSeconds: info?.uptimeSeconds ?? null,
          error: info ? null : (errors[0]?.message ?? 'no answer'),
        };
      }),
    );
    const result = { gateway: client.baseUrl, viewer, services };
    out.result(result, () =>
      [
        renderFields([
          ['gateway', client.baseUrl],
          ['key', `${viewer.name ?? '(auth off)'} (${viewer.role})`],
        ]),
        '',
        renderTable(services, [
          { header: 'service', value: (s) => s.name },
          { header: 'ready', value: (s) => (s.ready ? 'yes' : 'NO') },
          { header: 'version', value: (s) => s.version },
          { header: 'database', value: (s) => s.database },
          { header: 'up', value: (s) => (s.uptimeSeconds === null ? null : `${Math.round(s.uptimeSeconds)} s`) },
          { header: 'error', value: (s) => s.error },
        ]),
      ].join('\n'),
    );
    return services.every((s) => s.ready) ? ExitCode.OK : ExitCode.UNAVAILABLE;
  },
};
