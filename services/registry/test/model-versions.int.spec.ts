import * as fs from 'node:fs';
import * as path from 'node:path';

import { jetStreamName } from '@ferry/contracts';
import { connectTestNats, errorCodes, graphql, readStream, TEST_DIALECTS } from '@ferry/testing';
import { AckPolicy, DeliverPolicy } from 'nats';

import {
  CORPUS,
  corpusModels,
  registerVersion,
  uploaded,
  VERSION_FIELDS,
  type VersionResult,
  useRegistry,
} from './support';

interface Reference {
  inputs: Array<{ name: string; type: string; shape: unknown }>;
  outputs: Array<{ name: string; type: string; shape: unknown }>;
}
/** Signatures read by the ONNX project's own Python package (see libs/onnx/test/fixtures/make_signatures.py). */
const REFERENCE = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../libs/onnx/test/fixtures/signatures.json'), 'utf8'),
) as { models: Record<string, Reference> };
const described = (specs: Array<{ name: string; type: string; shape: unknown }>) =>
  specs.map((t) => [t.name, t.type, t.shape]);

describe.each(TEST_DIALECTS)('model versions on %s', (dialect) => {
  const registry = useRegistry('versions', dialect);

  const create = (name: string) => graphql(registry.url, `mutation { createModel(input: { name: "${name}" }) { id } }`);
  const events = async (type: string) => {
    await registry.service.context.outbox?.flush();
    return (await readStream(jetStreamName(registry.prefix, 'EVENTS'))).filter(
      (m) => m.subject === `${registry.prefix}.registry.${type}`,
    );
  };

  it('registers every model of the ONNX corpus with the signature its file declares', async () => {
    const models = corpusModels();
    expect(models.length).toBeGreaterThan(50);
    for (const [i, model] of models.entries()) {
      const name = `corpus-${i}`;
      expect((await create(name)).errors).toBeUndefined();
      const sha256 = await uploaded(registry.service.url, fs.readFileSync(path.join(CORPUS, model)));
      const result = await registerVersion(registry.url, { modelName: name, artifactSha256: sha256 });
      expect({ model, errors: result.errors }).toEqual({ model, errors: undefined });
      const version = result.data?.registerModelVersion as VersionResult;
      if (model.startsWith('unloadable/')) {
        expect({ model, status: version.status }).toEqual({ model, status: 'FAILED' });
        expect(version.statusReason?.length).toBeGreaterThan(0);
      } else {
        expect({ model, status: version.status, reason: version.statusReason }).toEqual({
          model,
          status: 'READY',
          reason: null,
        });
      }
      const reference = REFERENCE.models[model];
      expect({ model, known: reference !== undefined }).toEqual({ model, known: true });
      expect(described(version.signature.inputs)).toEqual(described(reference?.inputs ?? []));
      expect(described(version.signature.outputs)).toEqual(described(reference?.outputs ?? []));
    }
    const created = await events('version.created');
    expect(created).toHaveLength(models.length);
  });

  it('keeps the symbolic dims and ZipMap outputs of a scikit-learn classifier', async () => {
    const file = corpusModels().find((m) => m.includes('sklearn_randomforest_iris_zipmap_6rows'));
    expect(file).toBeDefined();
    await create('iris');
    const sha256 = await uploaded(registry.service.url, fs.readFileSync(path.join(CORPUS, file ?? '')));
    const version = (await registerVersion(registry.url, { modelName: 'iris', artifactSha256: sha256 })).data
      ?.registerModelVersion;
    const types = version?.signature.outputs.map((o) => o.type) ?? [];
    expect(types.some((t) => t.startsWith('seq(map('))).toBe(true);
    const shapes = [...(version?.signature.inputs ?? []), ...(version?.signature.outputs ?? [])].map((t) => t.shape);
    expect(
      shapes.some((s) => Array.isArray(s) && (s as unknown[]).some((d) => typeof d === 'string' || d === null)),
    ).toBe(true);
  });

  it('refuses a truncated ONNX file, a PNG and an empty file with INVALID_ARTIFACT, leaving no version', async () => {
    await create('refused');
    const onnx = fs.readFileSync(path.join(CORPUS, corpusModels().find((m) => m.startsWith('ops/')) ?? ''));
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    for (const bytes of [onnx.subarray(0, Math.floor(onnx.length / 2)), png, Buffer.alloc(0)]) {
      const sha256 = await uploaded(registry.service.url, bytes);
      const result = await registerVersion(registry.url, { modelName: 'refused', artifactSha256: sha256 });
      expect(errorCodes(result)).toEqual(['INVALID_ARTIFACT']);
    }
    const versions = await graphql<{ model: { versions: { totalCount: number } } }>(
      registry.url,
      '{ model(name: "refused") { versions { totalCount } } }',
    );
    expect(versions.data?.model.versions.totalCount).toBe(0);
  });

  it('names what is wrong in a bad registration', async () => {
    const sha256 = await uploaded(registry.service.url, fs.readFileSync(path.join(CORPUS, corpusModels()[0] ?? '')));
    expect(errorCodes(await registerVersion(registry.url, { modelName: 'nope', artifactSha256: sha256 }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(errorCodes(await registerVersion(registry.url, { modelName: 'refused', artifactSha256: 'abc' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      errorCodes(await registerVersion(registry.url, { modelName: 'refused', artifactSha256: 'f'.repeat(64) })),
    ).toEqual(['NOT_FOUND']);
    expect(
      errorCodes(
        await registerVersion(registry.url, { modelName: 'refused', artifactSha256: sha256, metrics: [1, 2] }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('gives 100 concurrent registrations of one model the versions 1..100 exactly', async () => {
    await create('race');
    const file = corpusModels().find((m) => m.includes('logreg')) ?? corpusModels()[0] ?? '';
    const sha256 = await uploaded(registry.service.url, fs.readFileSync(path.join(CORPUS, file)));
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        registerVersion(registry.url, { modelName: 'race', artifactSha256: sha256, tags: [`n${i}`] }),
      ),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const numbers = results.map((r) => r.data?.registerModelVersion.version ?? 0).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('moves aliases atomically with an audit log and exactly one alias.moved event, which a durable consumer gets after a restart', async () => {
    const nc = await connectTestNats();
    const jsm = await nc.jetstreamManager();
    const stream = jetStreamName(registry.prefix, 'EVENTS');
    const durable = 'alias-watcher';
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${registry.prefix}.registry.alias.moved`,
    });

    const set = (version: number, alias = 'production') =>
      graphql<{ setModelAlias: { name: string; version: number } }>(
        registry.url,
        `mutation { setModelAlias(input: { modelName: "race", alias: "${alias}", version: ${version} }) { name version } }`,
      );
    expect((await set(1)).data?.setModelAlias).toEqual({ name: 'production', version: 1 });
    expect((await set(1)).data?.setModelAlias).toEqual({ name: 'production', version: 1 });
    expect((await set(2)).data?.setModelAlias).toEqual({ name: 'production', version: 2 });
    expect(errorCodes(await set(999))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await set(1, 'bad alias'))).toEqual(['BAD_USER_INPUT']);

    // Restart the registry: the durable consumer still gets each move exactly once.
    await registry.restart();
    const consumer = await nc.jetstream().consumers.get(stream, durable);
    const received: Array<{ fromVersion: number | null; toVersion: number }> = [];
    const messages = await consumer.fetch({ max_messages: 10, expires: 2000 });
    for await (const m of messages) {
      received.push(m.json<{ data: { fromVersion: number | null; toVersion: number } }>().data);
      m.ack();
    }
    expect(received).toEqual([
      expect.objectContaining({ fromVersion: null, toVersion: 1 }),
      expect.objectContaining({ fromVersion: 1, toVersion: 2 }),
    ]);
    await nc.close();

    const model = await graphql<{
      model: { alias: { version: number; aliases: string[] }; aliases: unknown[]; aliasHistory: unknown[] };
    }>(
      registry.url,
      '{ model(name: "race") { alias(name: "production") { version aliases } aliases { name version } aliasHistory { alias fromVersion toVersion } } }',
    );
    expect(model.data?.model.alias).toEqual({ version: 2, aliases: ['production'] });
    expect(model.data?.model.aliasHistory).toEqual([
      { alias: 'production', fromVersion: 1, toVersion: 2 },
      { alias: 'production', fromVersion: null, toVersion: 1 },
    ]);
  });

  it('refuses to archive a version an alias points at, archives others, and never aliases an archived one', async () => {
    const archive = (version: number) =>
      graphql<{ archiveModelVersion: { status: string } }>(
        registry.url,
        `mutation { archiveModelVersion(modelName: "race", version: ${version}) { status } }`,
      );
    expect(errorCodes(await archive(2))).toEqual(['CONFLICT']);
    expect((await archive(3)).data?.archiveModelVersion.status).toBe('ARCHIVED');
    const alias = await graphql(
      registry.url,
      'mutation { setModelAlias(input: { modelName: "race", alias: "staging", version: 3 }) { name } }',
    );
    expect(errorCodes(alias)).toEqual(['CONFLICT']);
    const version = await graphql<{ model: { version: { status: string } } }>(
      registry.url,
      `{ model(name: "race") { version(number: 2) { ${VERSION_FIELDS} } } }`,
    );
    expect(version.data?.model.version.status).toBe('READY');
  });
});
