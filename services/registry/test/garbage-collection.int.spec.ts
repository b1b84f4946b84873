import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { graphql, TEST_DIALECTS } from '@ferry/testing';

import { CORPUS, corpusModels, registerVersion, uploaded, useRegistry } from './support';

describe.each(TEST_DIALECTS)('artifact garbage collection on %s', (dialect) => {
  const registry = useRegistry('gc', dialect, {
    FERRY_ARTIFACT_GC_GRACE_SECONDS: '1',
    FERRY_ARTIFACT_GC_INTERVAL_SECONDS: '1',
  });

  it('removes uploads nothing references once the grace period has passed, and keeps referenced ones', async () => {
    await graphql(registry.url, 'mutation { createModel(input: { name: "kept" }) { id } }');
    const model = fs.readFileSync(path.join(CORPUS, corpusModels().find((m) => m.startsWith('ops/')) ?? ''));
    const referenced = await uploaded(registry.service.url, model);
    expect(
      (await registerVersion(registry.url, { modelName: 'kept', artifactSha256: referenced })).errors,
    ).toBeUndefined();
    const dataset = await uploaded(registry.service.url, 'a,b\n1,2\n3,4\n');
    await graphql(
      registry.url,
      `mutation { registerDatasetVersion(input: { datasetName: "d", artifactSha256: "${dataset}" }) { id } }`,
    );
    const orphan = await uploaded(registry.service.url, 'nobody registers me');

    expect((await fetch(`${registry.service.url}/artifacts/${orphan}`)).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await fetch(`${registry.service.url}/artifacts/${orphan}`)).status === 200) {
      await sleep(250);
    }
    expect((await fetch(`${registry.service.url}/artifacts/${orphan}`)).status).toBe(404);
    expect((await fetch(`${registry.service.url}/artifacts/${referenced}`)).status).toBe(200);
    expect((await fetch(`${registry.service.url}/artifacts/${dataset}`)).status).toBe(200);
  });
});
