import type { FerryClient } from '../client/client';
import { FerryApiError, usage } from '../client/errors';

/** `name` (latest version), `name@3`, or a dataset version id. */
export async function datasetVersionId(client: FerryClient, text: string): Promise<string> {
  const match = /^([^@]+)(?:@v?(\d+))?$/.exec(text);
  if (match === null) {
    throw usage(`a dataset is NAME, NAME@VERSION or a version id, got "${text}"`);
  }
  const [, name = '', version] = match;
  const { dataset } = await client.request<{
    dataset: { version: { id: string } | null; latestVersion: { id: string } | null } | null;
  }>(
    'query($name: String!, $number: Int!) { dataset(name: $name) { version(number: $number) { id } latestVersion { id } } }',
    {
      name,
      number: version === undefined ? 1 : Number(version),
    },
  );
  if (dataset === null) {
    // Not a dataset's name: taken as a version id, which the inference service checks.
    if (version === undefined) {
      return text;
    }
    throw new FerryApiError('NOT_FOUND', `no dataset named "${name}"`);
  }
  const found = version === undefined ? dataset.latestVersion : dataset.version;
  if (found === null) {
    throw new FerryApiError('NOT_FOUND', `dataset "${name}" has no version ${version ?? ''}`.trim());
  }
  return found.id;
}
