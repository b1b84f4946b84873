import { badInput } from '@ferry/contracts';
import { toConnection, type ConnectionShape } from '@ferry/service-runtime';
import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import type { Deployments } from '../domain/deployments';
import type { ModelInput } from '../domain/ports';
import type { Served, ServingTable } from '../domain/serving';
import type { RequestContext } from './context';
import { Deployment, DeploymentConnection, DeploymentInput, Model, Prediction, RouteStatus } from './deployment.type';

@Resolver(() => Deployment)
export class DeploymentResolver {
  constructor(
    private readonly catalog: Deployments,
    private readonly serving: ServingTable,
  ) {}

  @Query(() => DeploymentConnection)
  async deployments(
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<Deployment>> {
    return toConnection(await this.catalog.list(first, after), (d) => d);
  }

  @Query(() => Deployment, {
    nullable: true,
    description: 'One deployment by name (null with NOT_FOUND when there is none).',
  })
  async deployment(@Arg('name', () => String) name: string): Promise<Deployment> {
    return this.catalog.deployment(name);
  }

  @Mutation(() => Deployment, {
    description: 'Creates a deployment; answers once this replica serves it (or knows why not).',
  })
  async createDeployment(
    @Arg('input', () => DeploymentInput) input: DeploymentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Deployment> {
    return this.catalog.create(input, ctx.actor);
  }

  @Mutation(() => Deployment)
  async updateDeployment(
    @Arg('input', () => DeploymentInput) input: DeploymentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Deployment> {
    return this.catalog.update(input, ctx.actor);
  }

  @Mutation(() => Deployment)
  async deleteDeployment(@Arg('name', () => String) name: string, @Ctx() ctx: RequestContext): Promise<Deployment> {
    return this.catalog.delete(name, ctx.actor);
  }

  @Mutation(() => Prediction, {
    description: 'Predicts: `inputs` is a list of rows of named features, or an object of named tensors.',
  })
  async predict(
    @Arg('deployment', () => String) deployment: string,
    @Arg('inputs', () => GraphQLJSON) inputs: unknown,
    @Arg('outputs', () => [String], { nullable: true }) outputs?: string[],
  ): Promise<Prediction> {
    return toPrediction(await this.serving.predict(deployment, modelInput(inputs), { outputs: outputs ?? undefined }));
  }

  @FieldResolver(() => Model, { description: "The registry's model (resolved through the gateway)." })
  model(@Root() deployment: Deployment): Model {
    return { name: deployment.modelName };
  }

  @FieldResolver(() => [RouteStatus], { description: 'What this replica serves for each route now.' })
  status(@Root() deployment: Deployment): RouteStatus[] {
    return this.serving.status(deployment.name).map((s) => ({
      alias: s.target.alias,
      pinnedVersion: s.target.version,
      weight: s.weight,
      shadow: s.shadow,
      servingVersion: s.version?.version ?? null,
      modelVersionId: s.version?.id ?? null,
      error: s.error,
      served: s.served,
    }));
  }
}

/** Client input: a list of rows, or an object of named tensors. */
export function modelInput(inputs: unknown): ModelInput {
  if (Array.isArray(inputs)) {
    return { kind: 'rows', rows: inputs as Array<Record<string, unknown>> };
  }
  if (typeof inputs === 'object' && inputs !== null) {
    return { kind: 'tensors', tensors: inputs as Record<string, unknown> };
  }
  throw badInput('inputs must be a list of rows ({feature: value}) or an object of named tensors', { field: 'inputs' });
}

export function toPrediction(served: Served): Prediction {
  return {
    predictionId: served.predictionIds[0] ?? served.requestId,
    predictionIds: served.predictionIds,
    requestId: served.requestId,
    outputs: served.output.outputs,
    rows: served.output.perRow,
    modelVersion: { id: served.version.id, modelName: served.version.modelName, version: served.version.version },
    latencyMs: served.latencyMs,
  };
}
