import type { ApiKey } from '../domain/api-key';
import type { ApiKeys } from '../domain/api-keys';
import type { GatewayContext } from './context';

/** An API key as the schema shows it (never its hash). */
function toApiKey(key: ApiKey) {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    prefix: key.prefix,
    createdAt: key.createdAt,
    createdBy: key.createdBy,
    revokedAt: key.revokedAt,
    revokedBy: key.revokedBy,
  };
}

/** The resolvers of the gateway's queries and mutations; who may call them is decided before (domain/access.ts). */
export function gatewayResolvers(keys: () => ApiKeys) {
  return {
    Query: {
      apiKeys: async (_: unknown, args: { includeRevoked?: boolean | null }) =>
        (await keys().list(args.includeRevoked === true)).map(toApiKey),
      viewer: (_: unknown, _args: unknown, context: GatewayContext) => ({
        name: context.identity?.id ?? null,
        role: context.identity?.role ?? 'admin',
      }),
    },
    Mutation: {
      createApiKey: async (_: unknown, args: { input: { name: string; role: string } }, context: GatewayContext) => {
        const { key, secret } = await keys().create(args.input, context.identity);
        return { key: toApiKey(key), secret };
      },
      revokeApiKey: async (_: unknown, args: { id: string }, context: GatewayContext) =>
        toApiKey(await keys().revoke(args.id, context.identity)),
    },
  };
}
