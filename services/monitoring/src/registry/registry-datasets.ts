import { Readable } from 'node:stream';

import { ErrorCode, FerryError, notFound, type FerryConfig } from '@ferry/contracts';
import { PeerClient } from '@ferry/service-runtime';
import { forEachRecordBatch } from '@ferry/statistics';

import type { DatasetSource } from '../domain/ports';

/** Lineage and dataset rows through the registry's API (GraphQL and a streamed `GET /artifacts/<sha256>`). */
export class RegistryDatasets implements DatasetSource {
  private readonly registry: PeerClient;

  constructor(config: FerryConfig) {
    this.registry = new PeerClient('registry', config);
  }

  async trainedOn(modelVersionId: string): Promise<string | null> {
    const body = await this.registry.graphql<{ modelVersion: { datasetVersion: { id: string } | null } | null }>(
      'query($id: ID!) { modelVersion(id: $id) { datasetVersion { id } } }',
      { id: modelVersionId },
    );
    return body.modelVersion?.datasetVersion?.id ?? null;
  }

  async readRecords(datasetVersionId: string, visit: (records: Array<Record<string, unknown>>) => void): Promise<void> {
    const body = await this.registry.graphql<{
      datasetVersion: { artifactSha256: string; format: 'csv' | 'jsonl' } | null;
    }>('query($id: ID!) { datasetVersion(id: $id) { artifactSha256 format } }', { id: datasetVersionId });
    const version = body.datasetVersion;
    if (version === null) {
      throw notFound(`no dataset version with id ${datasetVersionId}`);
    }
    const response = await this.registry.call(
      this.registry.url(`/artifacts/${version.artifactSha256}`),
      {},
      2 ** 31 - 1,
    );
    if (!response.ok || response.body === null) {
      throw new FerryError(
        ErrorCode.UNAVAILABLE,
        `the registry answered ${response.status} for dataset ${datasetVersionId}`,
      );
    }
    const stream = Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]);
    await forEachRecordBatch(
      () => stream,
      { format: version.format, batchRows: 10_000 },
      async (records) => {
        visit(records);
      },
    );
  }
}
