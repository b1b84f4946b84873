import * as path from 'node:path';

/** The services of the platform, in start order. */
export const SERVICE_NAMES = ['registry', 'inference', 'monitoring', 'training', 'gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
/** The four services that are federated behind the gateway. */
export const SUBGRAPH_NAMES = ['registry', 'inference', 'monitoring', 'training'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 4000,
  registry: 4001,
  inference: 4002,
  monitoring: 4003,
  training: 4004,
};

/** Every setting of the platform, parsed once from the environment (see ARCHITECTURE.md, "Configuration"). */
export interface FerryConfig {
  dataDir: string;
  natsServers: string[];
  natsPrefix: string;
  databaseUrl: string | undefined;
  /** Prepended to each service's PostgreSQL schema name, so parallel installations share one database. */
  dbSchemaPrefix: string;
  artifactStore: 'fs' | 'nats';
  /** Largest artifact an upload may carry (bytes); larger ones are answered 413. */
  artifactMaxBytes: number;
  /** How long an uploaded artifact that nothing references is kept before garbage collection. */
  artifactGcGraceSeconds: number;
  /** How often the artifact garbage collector runs. */
  artifactGcIntervalSeconds: number;
  host: string;
  ports: Record<ServiceName, number>;
  /** `FERRY_<NAME>_URL`: where a subgraph is reached when not at FERRY_HOST and its port (see `graphqlUrlOf`). */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** ONNX Runtime intra-op threads per session. */
  inferenceThreads: number;
  /** Most rows one prediction request may carry. */
  inferenceMaxRows: number;
  /** Largest body of a V2 REST request (bytes). */
  inferenceMaxBodyBytes: number;
  /** Prediction records an inference replica buffers while JetStream cannot take them. */
  predictionLogBuffer: number;
  /** How often a running batch prediction reports progress (milliseconds). */
  batchProgressIntervalMs: number;
  /** Seconds per operational-metrics bucket of the monitoring service. */
  monitoringOperationalSeconds: number;
  auth: boolean;
  adminKey: string | undefined;
  /**
   * `FERRY_INTERNAL_SECRET`: the key the gateway signs identities with and every service verifies them with;
   * unset, each service reads (or first creates) `FERRY_DATA_DIR/internal-secret`.
   */
  internalSecret: string | undefined;
  logLevel: LogLevel;
  /** Grace period for graceful shutdown before the process exits regardless. */
  shutdownTimeoutMs: number;
}

/** Raised for a configuration that cannot work; its message names the variable and what was wrong. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = read(env, name);
  if (value === undefined) {
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

function port(env: Env, name: string, fallback: number): number {
  const value = read(env, name);
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(name, `must be a TCP port between 0 and 65535, got "${value}"`);
  }
  return n;
}

/** A positive integer variable, or `fallback` when unset; ConfigError names the variable otherwise. */
export function positiveInt(env: Env, name: string, fallback: number): number {
  const value = read(env, name);
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new ConfigError(name, `must be a positive integer, got "${value}"`);
  }
  return n;
}

const PREFIX_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const SCHEMA_PREFIX_PATTERN = /^[a-z_][a-z0-9_]{0,40}$/;

function natsServers(env: Env): string[] {
  const value = read(env, 'NATS_URL') ?? 'nats://127.0.0.1:4222';
  const servers = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const server of servers) {
    let url: URL;
    try {
      url = new URL(server.includes('://') ? server : `nats://${server}`);
    } catch {
      throw new ConfigError('NATS_URL', `"${server}" is not a URL (expected e.g. nats://127.0.0.1:4222)`);
    }
    if (!['nats:', 'tls:', 'ws:', 'wss:'].includes(url.protocol)) {
      throw new ConfigError('NATS_URL', `"${server}" has an unsupported scheme ${url.protocol}`);
    }
  }
  if (servers.length === 0) {
    throw new ConfigError('NATS_URL', 'names no server');
  }
  return servers;
}

function databaseUrl(env: Env): string | undefined {
  const value = read(env, 'DATABASE_URL');
  if (value === undefined) {
    return undefined;
  }
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be a postgres:// URL (leave it unset for SQLite files in FERRY_DATA_DIR)',
    );
  }
  try {
    new URL(value);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  return value;
}

function internalSecret(env: Env): string | undefined {
  const value = read(env, 'FERRY_INTERNAL_SECRET');
  if (value !== undefined && value.length < 32) {
    throw new ConfigError('FERRY_INTERNAL_SECRET', `must be at least 32 characters, got ${value.length}`);
  }
  return value;
}

/** Parses the platform's configuration from environment variables; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): FerryConfig {
  const natsPrefix = read(env, 'FERRY_NATS_PREFIX') ?? 'ferry';
  if (!PREFIX_PATTERN.test(natsPrefix)) {
    throw new ConfigError(
      'FERRY_NATS_PREFIX',
      `must start with a letter and hold only letters, digits, "_" or "-" (at most 64), got "${natsPrefix}"`,
    );
  }
  const dbSchemaPrefix = read(env, 'FERRY_DB_SCHEMA_PREFIX') ?? '';
  if (dbSchemaPrefix !== '' && !SCHEMA_PREFIX_PATTERN.test(dbSchemaPrefix)) {
    throw new ConfigError(
      'FERRY_DB_SCHEMA_PREFIX',
      `must be lower-case letters, digits and "_", got "${dbSchemaPrefix}"`,
    );
  }
  const auth = oneOf(env, 'FERRY_AUTH', ['on', 'off'], 'on') === 'on';
  const ports = {} as Record<ServiceName, number>;
  for (const service of SERVICE_NAMES) {
    ports[service] = port(env, `FERRY_${service.toUpperCase()}_PORT`, DEFAULT_PORTS[service]);
  }
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const variable = `FERRY_${name.toUpperCase()}_URL`;
    const value = read(env, variable);
    if (value !== undefined) {
      if (!/^https?:\/\/[^/]+/.test(value)) {
        throw new ConfigError(variable, `must be an http(s) URL of the service's /graphql endpoint, got "${value}"`);
      }
      subgraphUrls[name] = value;
    }
  }
  return {
    dataDir: path.resolve(read(env, 'FERRY_DATA_DIR') ?? './.ferry'),
    natsServers: natsServers(env),
    natsPrefix,
    databaseUrl: databaseUrl(env),
    dbSchemaPrefix,
    artifactStore: oneOf(env, 'FERRY_ARTIFACT_STORE', ['fs', 'nats'], 'fs'),
    artifactMaxBytes: positiveInt(env, 'FERRY_ARTIFACT_MAX_BYTES', 2 * 1024 * 1024 * 1024),
    artifactGcGraceSeconds: positiveInt(env, 'FERRY_ARTIFACT_GC_GRACE_SECONDS', 24 * 3600),
    artifactGcIntervalSeconds: positiveInt(env, 'FERRY_ARTIFACT_GC_INTERVAL_SECONDS', 600),
    host: read(env, 'FERRY_HOST') ?? '127.0.0.1',
    ports,
    subgraphUrls,
    inferenceThreads: positiveInt(env, 'FERRY_INFERENCE_THREADS', 1),
    inferenceMaxRows: positiveInt(env, 'FERRY_INFERENCE_MAX_ROWS', 10_000),
    inferenceMaxBodyBytes: positiveInt(env, 'FERRY_INFERENCE_MAX_BODY_BYTES', 32 * 1024 * 1024),
    predictionLogBuffer: positiveInt(env, 'FERRY_PREDICTION_LOG_BUFFER', 10_000),
    batchProgressIntervalMs: positiveInt(env, 'FERRY_BATCH_PROGRESS_INTERVAL_MS', 1000),
    monitoringOperationalSeconds: positiveInt(env, 'FERRY_MONITORING_OPS_SECONDS', 60),
    auth,
    adminKey: read(env, 'FERRY_ADMIN_KEY'),
    internalSecret: internalSecret(env),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    shutdownTimeoutMs: positiveInt(env, 'FERRY_SHUTDOWN_TIMEOUT_MS', 5000),
  };
}

/** The GraphQL URL of a service: `FERRY_<NAME>_URL`, else its host (loopback for a wildcard) and port. */
export function graphqlUrlOf(name: SubgraphName, config: Pick<FerryConfig, 'host' | 'ports' | 'subgraphUrls'>): string {
  const explicit = config.subgraphUrls[name];
  if (explicit !== undefined) {
    return explicit;
  }
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host}:${config.ports[name]}/graphql`;
}

/** The base URL of a service (its GraphQL URL without `/graphql`), for its REST routes. */
export function baseUrlOf(name: SubgraphName, config: Pick<FerryConfig, 'host' | 'ports' | 'subgraphUrls'>): string {
  return graphqlUrlOf(name, config).replace(/\/graphql\/?$/, '');
}
