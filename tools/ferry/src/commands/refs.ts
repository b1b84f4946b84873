import type { FerryClient } from '../client/client';
import { FerryApiError, usage } from '../client/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A dataset version from the command line: `name` (its latest version), `name@3`, or a version id. */
export async function datasetVersionId(client: FerryClient, text: string): Promise<string> {
  if (UUID.test(text)) {
    return text;
  }
  const match = /^([^@]+)(?:@v?(\d+))?$/.exec(text);
  if (match === null) {
    throw usage(`a dataset is NAME, NAME@VERSION or a version id, got "${text}"`);
  }
  const [, name = '', version] = match;
  // An unknown name is NOT_FOUND from the registry.
  const { dataset } = await client.request<{
    dataset: { version: { id: string } | null; latestVersion: { id: string } | null } | null;
  }>(
    'query($name: String!, $number: Int!) { dataset(name: $name) { version(number: $number) { id } latestVersion { id } } }',
    {
      name,
      number: version === undefined ? 1 : Number(version),
    },
  );
  const found = version === undefined ? dataset?.latestVersion : dataset?.version;
  if (found === null || found === undefined) {
    throw new FerryApiError(
      'NOT_FOUND',
      `dataset "${name}" has no version${version === undefined ? '' : ` ${version}`}`,
    );
  }
  return found.id;
}
