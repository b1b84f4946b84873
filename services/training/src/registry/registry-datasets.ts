import { Readable } from 'node:stream';

import { ErrorCode, FerryError, notFound } from '@ferry/contracts';
import { readTable, type Table } from '@ferry/ml';

import type { DatasetRef, DatasetSource } from '../domain/ports';
import type { PeerClient } from '@ferry/service-runtime';

const VERSION_FIELDS = 'id version datasetName artifactSha256 format';

type VersionAnswer = { dataset: { entry: DatasetRef | null } | null };

/** Dataset versions through the registry's API: described by GraphQL, read by streaming `GET /artifacts/<sha256>`. */
export class RegistryDatasets implements DatasetSource {
  constructor(private readonly registry: PeerClient) {}

  async resolve(datasetName: string, version: number | null): Promise<DatasetRef> {
    const query =
      version === null
        ? `query($d: String!) { dataset(name: $d) { entry: latestVersion { ${VERSION_FIELDS} } } }`
        : `query($d: String!, $v: Int!) { dataset(name: $d) { entry: version(number: $v) { ${VERSION_FIELDS} } } }`;
    const body = await this.registry.graphql<VersionAnswer>(query, { d: datasetName, v: version });
    if (body.dataset === null) {
      throw notFound(`no dataset named "${datasetName}" in the registry`);
    }
    if (body.dataset.entry === null) {
      throw notFound(`dataset "${datasetName}" has no ${version === null ? 'version' : `version ${version}`}`);
    }
    return body.dataset.entry;
  }

  async load(ref: DatasetRef): Promise<Table> {
    // No deadline on the whole body: a large dataset streams for as long as it takes.
    const response = await this.registry.call(this.registry.url(`/artifacts/${ref.artifactSha256}`), {}, 2 ** 31 - 1);
    if (!response.ok || response.body === null) {
      throw new FerryError(
        ErrorCode.UNAVAILABLE,
        `the registry answered ${response.status} for dataset artifact ${ref.artifactSha256}`,
      );
    }
    const stream = Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]);
    try {
      return await readTable(stream, { format: ref.format });
    } catch (error) {
      if (error instanceof FerryError) {
        throw error;
      }
      throw new FerryError(
        ErrorCode.BAD_USER_INPUT,
        `dataset ${ref.datasetName} v${ref.version} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}
