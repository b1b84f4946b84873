import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** The code of a request refused for its shape (ADR 0005): GraphQL's own, as for any other invalid document. */
export const LIMIT_CODE = 'GRAPHQL_VALIDATION_FAILED';

/** Page size assumed for a `first` argument that is not given and has no default (the services' default page). */
const DEFAULT_PAGE = 50;
/** Items assumed in a list that has no `first` argument. */
const LIST_ESTIMATE = 10;

type Fragments = Record<string, FragmentDefinitionNode>;

/**
 * A validation rule refusing operations nested deeper than `maxDepth` fields (fragments counted where they are
 * spread; introspection fields not counted, so tools can read the schema).
 */
export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments: Fragments = {};
      for (const definition of context.getDocument().definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) {
          fragments[definition.name.value] = definition;
        }
      }
      const depth = depthOf(node.selectionSet, fragments, new Set());
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`the operation is ${depth} fields deep; the limit is ${maxDepth}`, {
            nodes: [node],
            extensions: { code: LIMIT_CODE },
          }),
        );
      }
    },
  });
}

function depthOf(selectionSet: SelectionSetNode, fragments: Fragments, spreading: Set<string>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) {
        const below = selection.selectionSet === undefined ? 0 : depthOf(selection.selectionSet, fragments, spreading);
        deepest = Math.max(deepest, 1 + below);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, spreading));
    } else {
      const fragment = fragments[selection.name.value];
      if (fragment !== undefined && !spreading.has(fragment.name.value)) {
        spreading.add(fragment.name.value);
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, spreading));
        spreading.delete(fragment.name.value);
      }
    }
  }
  return deepest;
}

/**
 * An estimate of what an operation costs, computed with its variables: each field costs 1 plus what is below it,
 * times the items it returns — its `first` argument (or that argument's default, or 50) for paginated fields, 10
 * for other lists (1 for the `edges`/`nodes` of a connection, already counted by `first`). Refused above the limit.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): number {
  const cached = knownCosts
    .get(schema)
    ?.get(document)
    ?.get(operationName ?? '');
  if (cached !== undefined) {
    return cached;
  }
  const operation = getOperationAST(document, operationName);
  const root = operation === null || operation === undefined ? null : schema.getRootType(operation.operation);
  if (operation === null || operation === undefined || root === null || root === undefined) {
    return 0;
  }
  const fragments: Fragments = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments[definition.name.value] = definition;
    }
  }
  const context: CostContext = { schema, fragments, variables, spreading: new Set(), readsVariables: false };
  const cost = costOf(operation.selectionSet, root, context);
  if (!context.readsVariables) {
    remember(schema, document, operationName ?? '', cost);
  }
  return cost;
}

/**
 * Costs of operations whose cost does not depend on their variables, by schema and parsed document: Apollo hands
 * the same document object for the same query text, so a client repeating an operation is not costed again.
 */
const knownCosts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number>>>();

function remember(schema: GraphQLSchema, document: DocumentNode, operationName: string, cost: number): void {
  let bySchema = knownCosts.get(schema);
  if (bySchema === undefined) {
    bySchema = new WeakMap();
    knownCosts.set(schema, bySchema);
  }
  let byDocument = bySchema.get(document);
  if (byDocument === undefined) {
    byDocument = new Map();
    bySchema.set(document, byDocument);
  }
  byDocument.set(operationName, cost);
}

interface CostContext {
  schema: GraphQLSchema;
  fragments: Fragments;
  variables: Record<string, unknown>;
  spreading: Set<string>;
  /** Set when a `first` argument is a variable: that cost holds for these variables only. */
  readsVariables: boolean;
}

function costOf(selectionSet: SelectionSetNode, parent: GraphQLCompositeType, context: CostContext): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      const field = fieldOf(parent, name);
      if (name.startsWith('__') || field === undefined) {
        continue;
      }
      const type = getNamedType(field.type);
      const below =
        selection.selectionSet !== undefined && isCompositeType(type)
          ? costOf(selection.selectionSet, type, context)
          : 0;
      total += 1 + itemsOf(field, selection, parent, context) * below;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition && context.schema.getType(selection.typeCondition.name.value);
      total += costOf(selection.selectionSet, isCompositeType(condition) ? condition : parent, context);
    } else {
      const fragment = context.fragments[selection.name.value];
      if (fragment !== undefined && !context.spreading.has(fragment.name.value)) {
        const condition = context.schema.getType(fragment.typeCondition.name.value);
        context.spreading.add(fragment.name.value);
        total += costOf(fragment.selectionSet, isCompositeType(condition) ? condition : parent, context);
        context.spreading.delete(fragment.name.value);
      }
    }
  }
  return total;
}

function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

function itemsOf(
  field: GraphQLField<unknown, unknown>,
  node: Parameters<typeof getArgumentValues>[1],
  parent: GraphQLCompositeType,
  context: CostContext,
): number {
  const first = field.args.find((arg) => arg.name === 'first');
  if (first !== undefined) {
    if (node.arguments?.some((arg) => arg.name.value === 'first' && arg.value.kind !== Kind.INT) === true) {
      context.readsVariables = true;
    }
    let value: unknown;
    try {
      value = getArgumentValues(field, node, context.variables).first;
    } catch {
      value = undefined;
    }
    return typeof value === 'number' && value >= 0
      ? value
      : typeof first.defaultValue === 'number'
        ? first.defaultValue
        : DEFAULT_PAGE;
  }
  if (isListType(getNullableType(field.type))) {
    return parent.name.endsWith('Connection') ? 1 : LIST_ESTIMATE;
  }
  return 1;
}

/** The error of an operation over the cost limit. */
export function costError(cost: number, limit: number): GraphQLError {
  return new GraphQLError(`the operation would cost about ${cost}; the limit is ${limit} (ask for fewer items)`, {
    extensions: { code: LIMIT_CODE, cost, limit, http: { status: 400 } },
  });
}

/** A validation rule refusing `__schema` and `__type` (FERRY_INTROSPECTION=off), as Apollo does over HTTP. */
export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        context.reportError(
          new GraphQLError('GraphQL introspection is not allowed here (FERRY_INTROSPECTION=off)', {
            nodes: [node],
            extensions: { code: LIMIT_CODE },
          }),
        );
      }
    },
  };
}
