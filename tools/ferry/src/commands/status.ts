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
    const fields = SERVICES.map((s) => `${s}Service { name version ready database uptimeSeconds }`).join(' ');
    const { data, errors } = await client.requestPartial<
      Record<string, ServiceInfo | null> & { viewer: { name: string | null; role: string } | null }
    >(`{ viewer { name role } ${fields} }`);
    const auth = errors.find((e) => e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN');
    if (auth !== undefined) {
      throw auth;
    }
    const services = SERVICES.map((name) => {
      const info = data?.[`${name}Service`] as ServiceInfo | null | undefined;
      const error = errors.find((e) => e.message.includes(name));
      return {
        name,
        ready: info?.ready === true,
        version: info?.version ?? null,
        database: info?.database ?? null,
        uptimeSeconds: info?.uptimeSeconds ?? null,
        error: info ? null : (error?.message ?? 'no answer'),
      };
    });
    const result = { gateway: client.baseUrl, viewer: data?.viewer ?? null, services };
    out.result(result, () =>
      [
        renderFields([
          ['gateway', client.baseUrl],
          ['key', data?.viewer ? `${data.viewer.name ?? '(auth off)'} (${data.viewer.role})` : '-'],
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
