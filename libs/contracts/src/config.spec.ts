import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.natsServers).toEqual(['nats://127.0.0.1:4222']);
    expect(config.natsPrefix).toBe('ferry');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.artifactStore).toBe('fs');
    expect(config.host).toBe('127.0.0.1');
    expect(config.ports).toEqual({ gateway: 4000, registry: 4001, inference: 4002, monitoring: 4003, training: 4004 });
    expect(config.auth).toBe(true);
    expect(config.logLevel).toBe('info');
    expect(config.dataDir.endsWith('.ferry')).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      FERRY_DATA_DIR: '/tmp/x',
      NATS_URL: 'nats://a:4222, nats://b:4223',
      FERRY_NATS_PREFIX: 'staging',
      DATABASE_URL: 'postgres://u@db:5432/ferry',
      FERRY_ARTIFACT_STORE: 'nats',
      FERRY_HOST: '0.0.0.0',
      FERRY_GATEWAY_PORT: '8000',
      FERRY_TRAINING_PORT: '0',
      FERRY_AUTH: 'off',
      FERRY_ADMIN_KEY: 'k',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      dataDir: '/tmp/x',
      natsServers: ['nats://a:4222', 'nats://b:4223'],
      natsPrefix: 'staging',
      databaseUrl: 'postgres://u@db:5432/ferry',
      artifactStore: 'nats',
      host: '0.0.0.0',
      auth: false,
      adminKey: 'k',
      logLevel: 'debug',
    });
    expect(config.ports.gateway).toBe(8000);
    expect(config.ports.training).toBe(0);
  });

  it.each([
    ['FERRY_GATEWAY_PORT', '70000'],
    ['FERRY_REGISTRY_PORT', 'abc'],
    ['FERRY_NATS_PREFIX', 'has.dot'],
    ['FERRY_NATS_PREFIX', '9starts-with-digit'],
    ['FERRY_ARTIFACT_STORE', 's3'],
    ['FERRY_AUTH', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://x'],
    ['NATS_URL', 'http://x:4222'],
    ['FERRY_DB_SCHEMA_PREFIX', 'Bad-Prefix'],
    ['FERRY_SHUTDOWN_TIMEOUT_MS', '-1'],
    ['FERRY_INTERNAL_SECRET', 'too-short'],
  ])('names %s when it is %p', (variable, value) => {
    let caught: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message.startsWith(`${variable}:`)).toBe(true);
  });
});
