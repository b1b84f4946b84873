import { ConfigError, positiveInt } from '@ferry/contracts';

/** How the gateway guards its door; from FERRY_* variables (see README), overridable in tests. */
export interface GatewaySettings {
  /** FERRY_INTROSPECTION (`on`, the default, or `off`): whether `__schema`/`__type` are answered. */
  introspection: boolean;
  /** FERRY_GRAPHQL_MAX_DEPTH (default 12): deepest nesting of fields an operation may have. */
  maxDepth: number;
  /** FERRY_GRAPHQL_MAX_COST (default 50000): highest estimated cost of an operation (see graphql/limits.ts). */
  maxCost: number;
  /** FERRY_GATEWAY_MAX_BODY_BYTES (default 1 MiB): largest request body, and largest WebSocket message. */
  bodyLimitBytes: number;
  /** FERRY_SUBSCRIPTION_BUFFER (default 100): events kept per subscriber that is not reading; then oldest dropped. */
  subscriptionBuffer: number;
  /** Operations one WebSocket connection may run at once. */
  maxSubscriptionsPerConnection: number;
  /** Ping interval of WebSocket connections; one that answers no ping within it is dropped. */
  keepAliveMs: number;
  /** How long a checked API key is trusted before the database is asked again (revocations end it at once). */
  keyCacheMs: number;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (raw !== 'on' && raw !== 'off') {
    throw new ConfigError(name, `must be on or off, got "${raw}"`);
  }
  return raw === 'on';
}

/** Reads the gateway's settings; ConfigError names a bad variable. */
export function gatewaySettings(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<GatewaySettings> = {},
): GatewaySettings {
  return {
    introspection: onOff(env, 'FERRY_INTROSPECTION', true),
    maxDepth: positiveInt(env, 'FERRY_GRAPHQL_MAX_DEPTH', 12),
    maxCost: positiveInt(env, 'FERRY_GRAPHQL_MAX_COST', 50_000),
    bodyLimitBytes: positiveInt(env, 'FERRY_GATEWAY_MAX_BODY_BYTES', 1024 * 1024),
    subscriptionBuffer: positiveInt(env, 'FERRY_SUBSCRIPTION_BUFFER', 100),
    maxSubscriptionsPerConnection: 100,
    keepAliveMs: 12_000,
    keyCacheMs: 10_000,
    ...overrides,
  };
}
