import { jetStreamName } from '@ferry/contracts';
import { errorCodes, graphql, readStream, TEST_DIALECTS } from '@ferry/testing';

import { deployIris, usePlatform, v2Infer, type TestPlatform } from './support';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

/** Iris-like rows with an id column first (not a feature), in a fixed order. */
function irisCsv(rows: number): string {
  const lines = [`id,${FEATURES.join(',')}`];
  for (let i = 0; i < rows; i++) {
    const f = [4.3 + ((i * 7) % 36) / 10, 2 + ((i * 3) % 24) / 10, 1 + ((i * 11) % 59) / 10, 0.1 + ((i * 5) % 24) / 10];
    lines.push(`row-${i},${f.map((v) => v.toFixed(1)).join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}

async function registerDataset(platform: TestPlatform, name: string, body: string): Promise<string> {
  const upload = await fetch(`${platform.registry.url}/artifacts`, { method: 'PUT', body });
  const { sha256 } = (await upload.json()) as { sha256: string };
  const registered = await graphql<{ registerDatasetVersion: { id: string } }>(
    platform.registryUrl,
    'mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }',
    { i: { datasetName: name, artifactSha256: sha256 } },
  );
  return registered.data?.registerDatasetVersion.id as string;
}

const JOB_FIELDS = 'id state rowsDone rowsTotal progress error outputDatasetVersionId modelVersion { version }';

interface Job {
  id: string;
  state: string;
  rowsDone: number;
  rowsTotal: number | null;
  progress: number | null;
  error: string | null;
  outputDatasetVersionId: string | null;
  modelVersion: { version: number } | null;
}

function start(platform: TestPlatform, input: Record<string, unknown>) {
  return graphql<{ startBatchPrediction: Job }>(
    platform.url,
    `mutation($i: StartBatchPredictionInput!) { startBatchPrediction(input: $i) { ${JOB_FIELDS} } }`,
    { i: input },
  );
}

async function finished(platform: TestPlatform, id: string): Promise<Job> {
  for (;;) {
    const job = (
      await graphql<{ batchPrediction: Job }>(platform.url, `{ batchPrediction(id: "${id}") { ${JOB_FIELDS} } }`)
    ).data?.batchPrediction as Job;
    if (['succeeded', 'failed', 'cancelled'].includes(job.state)) {
      return job;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Parses the simple CSV the job writes for these inputs (no quoted fields). */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = text.trimEnd().split('\n');
  return { header: (head ?? '').split(','), rows: lines.map((l) => l.split(',')) };
}

describe.each(TEST_DIALECTS)('batch predictions on %s', (dialect) => {
  const platform = usePlatform('batch', dialect);
  let datasetVersionId = '';
  let modelVersion = 0;

  beforeAll(async () => {
    modelVersion = await deployIris(platform);
    datasetVersionId = await registerDataset(platform, 'flowers', irisCsv(5000));
  });

  it('writes one output row per input row, in order, equal to live answers, as a dataset version with lineage', async () => {
    const started = await start(platform, { deployment: 'iris', datasetVersionId, features: FEATURES, chunkSize: 256 });
    expect(started.errors).toBeUndefined();
    expect(started.data?.startBatchPrediction).toMatchObject({
      state: 'queued',
      rowsTotal: 5000,
      modelVersion: { version: modelVersion },
    });
    const job = await finished(platform, started.data?.startBatchPrediction.id as string);
    expect(job).toMatchObject({ state: 'succeeded', rowsDone: 5000, rowsTotal: 5000, progress: 1, error: null });

    const output = await graphql<{
      datasetVersion: {
        datasetName: string;
        rowCount: number;
        artifactSha256: string;
        producedBy: string;
        sourceDatasetVersion: { id: string };
        producedByModelVersion: { version: number };
      };
    }>(
      platform.registryUrl,
      `{ datasetVersion(id: "${job.outputDatasetVersionId}") {
          datasetName rowCount artifactSha256 producedBy sourceDatasetVersion { id } producedByModelVersion { version } } }`,
    );
    const version = output.data?.datasetVersion;
    expect(version).toMatchObject({
      datasetName: 'iris-predictions',
      rowCount: 5000,
      producedBy: `batch-prediction/${job.id}`,
      sourceDatasetVersion: { id: datasetVersionId },
      producedByModelVersion: { version: modelVersion },
    });
    const text = await (await fetch(`${platform.registry.url}/artifacts/${version?.artifactSha256}`)).text();
    const { header, rows } = parseCsv(text);
    expect(header.slice(0, 5)).toEqual(['id', ...FEATURES]);
    expect(header).toContain('output_label');
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 5000 }, (_, i) => `row-${i}`));

    // The same rows served live give the same labels.
    const sample = rows.filter((_, i) => i % 500 === 0);
    const live = await v2Infer(platform.inference.url, 'iris', {
      inputs: [
        {
          name: 'X',
          datatype: 'FP32',
          shape: [sample.length, 4],
          data: sample.flatMap((r) => r.slice(1, 5).map(Number)),
        },
      ],
      outputs: [{ name: 'output_label' }],
    });
    const labels = (live.body.outputs as Array<{ name: string; data: number[] }>)[0]?.data;
    const column = header.indexOf('output_label');
    expect(sample.map((r) => Number(r[column]))).toEqual(labels);

    const progress = (await readStream(jetStreamName(platform.prefix, 'EVENTS')))
      .filter((m) => m.subject === `${platform.prefix}.inference.batch.progress`)
      .map((m) => (m.body as { data: { jobId: string; state: string; rowsDone: number } }).data)
      .filter((d) => d.jobId === job.id);
    expect(progress[0]).toMatchObject({ state: 'queued', rowsDone: 0 });
    expect(progress[progress.length - 1]).toMatchObject({ state: 'succeeded', rowsDone: 5000 });
    const done = progress.map((p) => p.rowsDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  it('refuses bad requests with the right code and records nothing', async () => {
    const before = await graphql<{ batchPredictions: { totalCount: number } }>(
      platform.url,
      '{ batchPredictions { totalCount } }',
    );
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ deployment: 'nope', datasetVersionId }, 'NOT_FOUND'],
      [
        { deployment: 'iris', datasetVersionId: '00000000-0000-4000-8000-000000000000', features: FEATURES },
        'NOT_FOUND',
      ],
      [{ deployment: 'iris', datasetVersionId }, 'BAD_USER_INPUT'], // the dataset has no X[0]..X[3]
      [{ deployment: 'iris', datasetVersionId, features: ['id', 'sepal_length'] }, 'BAD_USER_INPUT'],
      [{ deployment: 'iris', datasetVersionId, features: FEATURES, chunkSize: 0 }, 'BAD_USER_INPUT'],
      [{ deployment: 'iris', datasetVersionId, features: FEATURES, version: 99 }, 'NOT_FOUND'],
      [{ deployment: 'iris', datasetVersionId, features: FEATURES, outputDatasetName: 'no spaces' }, 'BAD_USER_INPUT'],
    ];
    for (const [input, code] of cases) {
      expect([JSON.stringify(input), errorCodes(await start(platform, input))]).toEqual([
        JSON.stringify(input),
        [code],
      ]);
    }
    const after = await graphql<{ batchPredictions: { totalCount: number } }>(
      platform.url,
      '{ batchPredictions { totalCount } }',
    );
    expect(after.data?.batchPredictions.totalCount).toBe(before.data?.batchPredictions.totalCount);
  });

  it('fails a job whose rows the model cannot take, naming the rows, and registers nothing', async () => {
    const broken = irisCsv(300)
      .replace('row-200,', 'row-200,wide')
      .replace(/row-200,wide[0-9.]*/, 'row-200,wide');
    const id = await registerDataset(platform, 'broken-flowers', broken);
    const started = await start(platform, {
      deployment: 'iris',
      datasetVersionId: id,
      features: FEATURES,
      chunkSize: 100,
    });
    const job = await finished(platform, started.data?.startBatchPrediction.id as string);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/rows 201–300/);
    expect(job.outputDatasetVersionId).toBeNull();
  });

  it('cancels a running job: it stops at its next chunk and registers nothing', async () => {
    const id = await registerDataset(platform, 'many-flowers', irisCsv(100_000));
    const started = await start(platform, {
      deployment: 'iris',
      datasetVersionId: id,
      features: FEATURES,
      chunkSize: 16,
    });
    const jobId = started.data?.startBatchPrediction.id as string;
    const cancelled = await graphql<{ cancelBatchPrediction: { id: string } }>(
      platform.url,
      `mutation { cancelBatchPrediction(id: "${jobId}") { id cancelRequested } }`,
    );
    expect(cancelled.data?.cancelBatchPrediction).toEqual({ id: jobId, cancelRequested: true });
    const job = await finished(platform, jobId);
    expect(job.state).toBe('cancelled');
    expect(job.rowsDone).toBeLessThan(100_000);
    expect(job.outputDatasetVersionId).toBeNull();
    const again = await graphql(platform.url, `mutation { cancelBatchPrediction(id: "${jobId}") { id } }`);
    expect(errorCodes(again)).toEqual(['CONFLICT']);
  });
});
