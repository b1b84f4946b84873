import { buildSchema, parse, validate } from 'graphql';

import { depthLimitRule, operationCost } from './limits';

const schema = buildSchema(`
  type Query { models(first: Int, after: String): ModelConnection!, model(name: String!): Model, tags: [String!]! }
  type ModelConnection { nodes: [Model!]!, edges: [ModelEdge!]!, totalCount: Int! }
  type ModelEdge { node: Model!, cursor: String! }
  type Model { name: String!, versions(first: Int = 20): VersionConnection!, aliases: [Alias!]! }
  type VersionConnection { nodes: [Version!]! }
  type Version { id: ID!, version: Int!, model: Model! }
  type Alias { name: String!, version: Int! }
`);

const cost = (query: string, variables: Record<string, unknown> = {}) =>
  operationCost(schema, parse(query), undefined, variables);

describe('operation cost', () => {
  it('counts each field once, and what is below a paginated field once per item asked for', () => {
    expect(cost('{ model(name: "a") { name } }')).toBe(2);
    expect(cost('{ models(first: 10) { totalCount nodes { name } } }')).toBe(1 + 10 * (1 + 1 * 1 + 1));
    // The `first` default of the schema, else 50.
    expect(cost('{ model(name: "a") { versions { nodes { id } } } }')).toBe(1 + 1 + 20 * (1 + 1));
    expect(cost('{ models { totalCount } }')).toBe(1 + 50);
    // Lists without `first` count 10 items; scalar lists cost 1.
    expect(cost('{ model(name: "a") { aliases { name version } } tags }')).toBe(1 + 1 + 10 * 2 + 1);
  });

  it('reads page sizes from variables, and counts fragments and inline fragments where they are spread', () => {
    const query =
      'query($n: Int) { models(first: $n) { ...F } } fragment F on ModelConnection { nodes { ... on Model { name } } }';
    expect(cost(query, { n: 100 })).toBe(1 + 100 * (1 + 1));
    expect(cost(query, { n: 2 })).toBe(1 + 2 * 2);
    expect(cost('{ __schema { types { name } } __typename }')).toBe(0);
  });
});

describe('depth limit', () => {
  const depthErrors = (query: string, max: number) =>
    validate(schema, parse(query), [depthLimitRule(max)]).map((e) => e.message);

  it('refuses operations nested deeper than the limit, through fragments too', () => {
    const deep = '{ models { nodes { versions { nodes { model { name } } } } } }';
    expect(depthErrors(deep, 6)).toEqual([]);
    expect(depthErrors(deep, 5)).toEqual(['the operation is 6 fields deep; the limit is 5']);
    const viaFragment = '{ models { ...F } } fragment F on ModelConnection { nodes { versions { nodes { id } } } }';
    expect(depthErrors(viaFragment, 4)).toEqual(['the operation is 5 fields deep; the limit is 4']);
    expect(depthErrors('{ __schema { types { fields { type { ofType { name } } } } } }', 1)).toEqual([]);
  });
});
