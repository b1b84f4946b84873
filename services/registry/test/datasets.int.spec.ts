import * as fs from 'node:fs';
import * as path from 'node:path';

import { jetStreamName } from '@ferry/contracts';
import { errorCodes, graphql, readStream, TEST_DIALECTS } from '@ferry/testing';

import { CORPUS, corpusModels, registerVersion, uploaded, useRegistry } from './support';

/** A small users table: numeric, categorical and boolean columns, one value missing. */
function usersCsv(rows: number, options: { dropCountry?: boolean } = {}): string {
  const header = options.dropCountry === true ? 'age,sessions,purchased' : 'age,sessions,country,purchased';
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const age = i === 3 ? '' : String(18 + (i % 50));
    const sessions = ((i * 7) % 13) + 0.5;
    const country = ['fr', 'de', 'us'][i % 3];
    const purchased = i % 4 === 0 ? 'true' : 'false';
    lines.push(
      options.dropCountry === true ? `${age},${sessions},${purchased}` : `${age},${sessions},${country},${purchased}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

interface VersionShape {
  id: string;
  version: number;
  format: string;
  rowCount: number;
  breaking: boolean;
  schema: Array<{ name: string; type: string; nullable: boolean }>;
  schemaChanges: Array<{ column: string; change: string; breaking: boolean }>;
  profile: {
    rowCount: number;
    columns: Array<{ name: string; count: number; missing: number; numeric?: { mean: number } }>;
  };
}

const REGISTER = `mutation R($input: RegisterDatasetVersionInput!) {
  registerDatasetVersion(input: $input) {
    id version format rowCount breaking schema { name type nullable } schemaChanges { column change breaking } profile
  }
}`;

describe.each(TEST_DIALECTS)('datasets on %s', (dialect) => {
  const registry = useRegistry('datasets', dialect);

  const register = (input: Record<string, unknown>) =>
    graphql<{ registerDatasetVersion: VersionShape }>(registry.url, REGISTER, { input });

  it('registers a CSV version with its inferred schema and profile, and publishes it', async () => {
    const sha256 = await uploaded(registry.service.url, usersCsv(200));
    const result = await register({ datasetName: 'users', artifactSha256: sha256, tags: ['ads'] });
    expect(result.errors).toBeUndefined();
    const version = result.data?.registerDatasetVersion as VersionShape;
    expect(version).toMatchObject({ version: 1, format: 'csv', rowCount: 200, breaking: false, schemaChanges: [] });
    expect(version.schema).toEqual([
      { name: 'age', type: 'numeric', nullable: true },
      { name: 'sessions', type: 'numeric', nullable: false },
      { name: 'country', type: 'categorical', nullable: false },
      { name: 'purchased', type: 'boolean', nullable: false },
    ]);
    const age = version.profile.columns.find((c) => c.name === 'age');
    // count is of present values, as pandas counts; missing ones are counted apart.
    expect(age).toMatchObject({ count: 199, missing: 1 });
    const ages = Array.from({ length: 200 }, (_, i) => 18 + (i % 50)).filter((_, i) => i !== 3);
    expect(age?.numeric?.mean).toBeCloseTo(ages.reduce((a, b) => a + b, 0) / ages.length, 9);

    await registry.service.context.outbox?.flush();
    const events = (await readStream(jetStreamName(registry.prefix, 'EVENTS'))).filter(
      (m) => m.subject === `${registry.prefix}.registry.dataset.version.created`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.body).toMatchObject({ data: { datasetName: 'users', version: 1, rowCount: 200 } });
  });

  it('accepts a version that breaks the schema, marked with the differences', async () => {
    const sha256 = await uploaded(registry.service.url, usersCsv(50, { dropCountry: true }));
    const version = (await register({ datasetName: 'users', artifactSha256: sha256 })).data?.registerDatasetVersion;
    expect(version).toMatchObject({ version: 2, breaking: true });
    expect(version?.schemaChanges).toEqual([{ column: 'country', change: 'removed', breaking: true }]);
  });

  it('reads JSON lines too', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ x: i, label: i % 2 === 0 ? 'a' : 'b' }));
    const sha256 = await uploaded(registry.service.url, `${lines.join('\n')}\n`);
    const version = (await register({ datasetName: 'events', artifactSha256: sha256 })).data?.registerDatasetVersion;
    expect(version).toMatchObject({ format: 'jsonl', rowCount: 30 });
  });

  it('refuses what is not a dataset with INVALID_ARTIFACT and registers nothing', async () => {
    for (const body of ['a,b\n1,2\n3\n', '', 'a,"unterminated\n1,2\n']) {
      const sha256 = await uploaded(registry.service.url, body);
      expect(errorCodes(await register({ datasetName: 'broken', artifactSha256: sha256 }))).toEqual([
        'INVALID_ARTIFACT',
      ]);
    }
    const response = await graphql<{ dataset: { versions: { totalCount: number } } | null }>(
      registry.url,
      '{ dataset(name: "broken") { versions { totalCount } } }',
    );
    expect(response.data?.dataset?.versions.totalCount ?? 0).toBe(0);
  });

  it('walks lineage both ways: model version → dataset version → model versions', async () => {
    const dataset = await graphql<{ dataset: { version: { id: string } } }>(
      registry.url,
      '{ dataset(name: "users") { version(number: 1) { id } } }',
    );
    const datasetVersionId = dataset.data?.dataset.version.id;
    await graphql(registry.url, 'mutation { createModel(input: { name: "propensity" }) { id } }');
    const file = corpusModels().find((m) => m.includes('logreg')) ?? corpusModels()[0] ?? '';
    const sha256 = await uploaded(registry.service.url, fs.readFileSync(path.join(CORPUS, file)));
    const registered = await registerVersion(registry.url, {
      modelName: 'propensity',
      artifactSha256: sha256,
      datasetVersionId,
      source: 'run-42',
    });
    const versionId = registered.data?.registerModelVersion.id;
    const lineage = await graphql<{
      modelVersion: {
        trainingRunId: string;
        datasetVersion: { id: string; dataset: { name: string }; modelVersions: Array<{ id: string }> };
      };
    }>(
      registry.url,
      `{ modelVersion(id: "${versionId}") { trainingRunId datasetVersion { id dataset { name } modelVersions { id } } } }`,
    );
    expect(lineage.data?.modelVersion).toEqual({
      trainingRunId: 'run-42',
      datasetVersion: { id: datasetVersionId, dataset: { name: 'users' }, modelVersions: [{ id: versionId }] },
    });
    const unknown = await registerVersion(registry.url, {
      modelName: 'propensity',
      artifactSha256: sha256,
      datasetVersionId: '00000000-0000-4000-8000-000000000000',
    });
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
  });

  it('records the lineage of a derived version (batch predictions) and refuses lineage that does not exist', async () => {
    const source = await graphql<{ dataset: { version: { id: string; modelVersions: Array<{ id: string }> } } }>(
      registry.url,
      '{ dataset(name: "users") { version(number: 1) { id modelVersions { id } } } }',
    );
    const sourceId = source.data?.dataset.version.id as string;
    const modelVersionId = source.data?.dataset.version.modelVersions[0]?.id as string;
    const sha256 = await uploaded(registry.service.url, 'age,label\n1,0\n2,1\n');
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const derivedFrom of [{ sourceDatasetVersionId: missing }, { modelVersionId: missing }]) {
      const refused = await register({ datasetName: 'scored', artifactSha256: sha256, derivedFrom });
      expect(errorCodes(refused)).toEqual(['NOT_FOUND']);
    }
    const derived = await graphql<{ registerDatasetVersion: { id: string } }>(
      registry.url,
      `
        mutation R($input: RegisterDatasetVersionInput!) {
          registerDatasetVersion(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          datasetName: 'scored',
          artifactSha256: sha256,
          derivedFrom: { sourceDatasetVersionId: sourceId, modelVersionId, producedBy: 'batch-prediction/job-1' },
        },
      },
    );
    const derivedId = derived.data?.registerDatasetVersion.id;
    const walked = await graphql<{ datasetVersion: unknown }>(
      registry.url,
      `{ datasetVersion(id: "${derivedId}") {
          version producedBy sourceDatasetVersion { id derivedVersions { id } } producedByModelVersion { id }
        } }`,
    );
    expect(walked.data?.datasetVersion).toEqual({
      version: 1,
      producedBy: 'batch-prediction/job-1',
      sourceDatasetVersion: { id: sourceId, derivedVersions: [{ id: derivedId }] },
      producedByModelVersion: { id: modelVersionId },
    });
  });

  it('lists and filters datasets', async () => {
    const list = await graphql<{ datasets: { nodes: Array<{ name: string }>; totalCount: number } }>(
      registry.url,
      '{ datasets(search: "USE") { totalCount nodes { name } } }',
    );
    expect(list.data?.datasets).toEqual({ totalCount: 1, nodes: [{ name: 'users' }] });
    const tagged = await graphql<{ datasets: { nodes: Array<{ name: string }> } }>(
      registry.url,
      '{ datasets(tag: "ads") { nodes { name } } }',
    );
    expect(tagged.data?.datasets.nodes).toEqual([{ name: 'users' }]);
  });
});
