import * as fs from 'node:fs';

import { SCHEMA_NAMES, schemaFile, subgraphSdl } from '../src/schemas';

describe('committed subgraph schemas', () => {
  it.each(SCHEMA_NAMES)(
    'services/%s/schema.graphql matches its resolvers (run `npm run schema` after a change)',
    async (name) => {
      expect(fs.readFileSync(schemaFile(name), 'utf8')).toBe(await subgraphSdl(name));
    },
  );
});
