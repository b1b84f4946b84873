import { CreateOutbox1764214800000, OutboxRecord } from '@ferry/persistence';

import {
  AliasChangeRow,
  ArtifactRow,
  DatasetRow,
  DatasetVersionRow,
  ModelAliasRow,
  ModelRow,
  ModelVersionRow,
} from './entities';
import { Models1764214800001 } from './migrations/1764214800001-Models';
import { VersionsAliasesDatasets1764214800002 } from './migrations/1764214800002-VersionsAliasesDatasets';
import { DatasetLineage1764214800003 } from './migrations/1764214800003-DatasetLineage';

export { FsArtifactStore } from './artifacts/fs-artifact-store';
export { NatsArtifactStore } from './artifacts/nats-artifact-store';
export { TypeOrmArtifactIndex } from './typeorm-artifact-index';
export { TypeOrmDatasetStore } from './typeorm-dataset-store';
export { TypeOrmModelStore } from './typeorm-model-store';

/** The registry's tables and its migrations, oldest first. */
export const registryDatabase = {
  entities: [
    ModelRow,
    ModelVersionRow,
    ModelAliasRow,
    AliasChangeRow,
    ArtifactRow,
    DatasetRow,
    DatasetVersionRow,
    OutboxRecord,
  ],
  migrations: [
    CreateOutbox1764214800000,
    Models1764214800001,
    VersionsAliasesDatasets1764214800002,
    DatasetLineage1764214800003,
  ],
};
