import { buildServiceSchema, type ResolverContainer, type ServiceContext } from '@ferry/service-runtime';
import type { GraphQLSchema } from 'graphql';

import { Pipelines } from '../domain/pipelines';
import { TrainingRuns } from '../domain/runs';
import { PipelineResolver } from './pipeline.resolver';
import { toRunType, TrainingRunResolver } from './run.resolver';

/** The training subgraph schema; the container supplies resolvers and domain services at request time. */
export function buildTrainingSchema(info: () => ServiceContext, container: ResolverContainer): Promise<GraphQLSchema> {
  return buildServiceSchema({
    serviceName: 'training',
    info,
    resolvers: [PipelineResolver, TrainingRunResolver],
    container,
    referenceResolvers: {
      Pipeline: {
        __resolveReference: (ref) =>
          container
            .get(Pipelines)
            .pipeline(String(ref.name))
            .catch(() => null),
      },
      TrainingRun: {
        __resolveReference: (ref) =>
          container
            .get(TrainingRuns)
            .run(String(ref.id))
            .then(toRunType)
            .catch(() => null),
      },
    },
  });
}
