import { ApolloGateway } from '@apollo/gateway';
import { loadConfig } from '@ferry/contracts';
import { getOperationAST, parse, type GraphQLError, type GraphQLSchema } from 'graphql';

import { requiredRole, ROOT_FIELD_ROLES } from '../domain/access';
import { composeSupergraph, readSubgraphs } from '../supergraph';
import { authorize, rootFields } from './access-plugin';

async function clientSchema(): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl: composeSupergraph(readSubgraphs(loadConfig({}))) });
  let schema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    schema = apiSchema;
  });
  await gateway.load();
  await gateway.stop();
  return schema as GraphQLSchema;
}

describe('the role table', () => {
  it('names only root fields that exist in the client schema', async () => {
    const schema = await clientSchema();
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {});
    const queries = Object.keys(schema.getQueryType()?.getFields() ?? {});
    expect(mutations).toEqual(expect.arrayContaining(Object.keys(ROOT_FIELD_ROLES.mutation)));
    expect(queries).toEqual(expect.arrayContaining(Object.keys(ROOT_FIELD_ROLES.query)));
  });

  it('asks viewer for reads, operator for operations, admin for keys and anything unknown', () => {
    expect(requiredRole('query', 'models')).toBe('viewer');
    expect(requiredRole('subscription', 'predictions')).toBe('viewer');
    expect(requiredRole('query', 'apiKeys')).toBe('admin');
    for (const field of ['predict', 'recordFeedback', 'createDeployment', 'setModelAlias', 'triggerTrainingRun']) {
      expect(requiredRole('mutation', field)).toBe('operator');
    }
    expect(requiredRole('mutation', 'createApiKey')).toBe('admin');
    expect(requiredRole('mutation', 'revokeApiKey')).toBe('admin');
    expect(requiredRole('mutation', 'somethingNew')).toBe('admin');
  });
});

describe('authorize', () => {
  const check = (role: 'viewer' | 'operator' | 'admin' | null, query: string, auth = true) => {
    const document = parse(query);
    const operation = getOperationAST(document);
    try {
      authorize(auth, role === null ? null : { id: 'k', role }, document, operation!);
      return 'allowed';
    } catch (error) {
      return (error as GraphQLError).extensions.code;
    }
  };

  it('finds the root fields through fragments, leaving __typename aside', () => {
    const document = parse(
      'mutation { __typename a: predict(deployment: "d", inputs: []) { requestId } ...F ... on Mutation { createModel(input: {name: "m"}) { id } } } fragment F on Mutation { revokeApiKey(id: "1") { id } }',
    );
    expect(rootFields(document, getOperationAST(document)!).sort()).toEqual(['createModel', 'predict', 'revokeApiKey']);
  });

  it('lets each role do what the table says, and everyone anything with authentication off', () => {
    expect(check('viewer', '{ models { totalCount } }')).toBe('allowed');
    expect(check('viewer', 'subscription { predictions(deployment: "d") { id } }')).toBe('allowed');
    expect(check('viewer', 'mutation { predict(deployment: "d", inputs: []) { requestId } }')).toBe('FORBIDDEN');
    expect(check('operator', 'mutation { predict(deployment: "d", inputs: []) { requestId } }')).toBe('allowed');
    expect(
      check('operator', 'mutation { predict(deployment: "d", inputs: []) { requestId } revokeApiKey(id: "1") { id } }'),
    ).toBe('FORBIDDEN');
    expect(check('operator', '{ apiKeys { id } }')).toBe('FORBIDDEN');
    expect(check('admin', '{ apiKeys { id } }')).toBe('allowed');
    expect(check(null, '{ models { totalCount } }')).toBe('FORBIDDEN');
    expect(check(null, 'mutation { revokeApiKey(id: "1") { id } }', false)).toBe('allowed');
  });
});
