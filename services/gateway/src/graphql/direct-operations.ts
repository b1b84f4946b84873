import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import {
  getOperationAST,
  Kind,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';

import type { Role } from '@ferry/contracts';

import { requiredRole } from '../domain/access';
import { rootFields } from './access-plugin';

/** An operation that one subgraph answers whole: sent to it as the client wrote it, its answer returned as it is. */
export interface DirectOperation {
  subgraph: string;
  url: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The least role each of its root fields needs (domain/access.ts), decided once. */
  neededRoles: Role[];
}

/** Distinct operation texts remembered; past it the memory starts again (clients repeat a handful of operations). */
const MAX_REMEMBERED = 2000;

/**
 * Finds the operations the gateway can hand to one subgraph without executing a query plan: those whose plan is a
 * single fetch from one remote subgraph (no entity jumps, no `@requires`, no `@defer`), valid against the API schema
 * and its depth limit, and not introspection. For them Apollo's executor would send the same selections to the
 * same subgraph and copy its answer field by field; sending the client's document and returning the subgraph's
 * answer gives the same result for a fraction of the gateway's CPU (ADR 0006). Decided once per operation text.
 */
export class DirectOperations {
  private readonly planner: QueryPlanner;
  private readonly supergraph: Supergraph;
  /** The API schema (graphql-js), against which operations are validated and costed. */
  readonly apiSchema: GraphQLSchema;
  private readonly known = new Map<string, DirectOperation | null>();

  constructor(
    supergraphSdl: string,
    private readonly urls: ReadonlyMap<string, string>,
    private readonly rules: readonly ValidationRule[],
  ) {
    this.supergraph = Supergraph.build(supergraphSdl);
    this.planner = new QueryPlanner(this.supergraph);
    this.apiSchema = this.supergraph.apiSchema().toGraphQLJSSchema();
  }

  /** The direct route of an operation, or null when it must go through the query planner (or is not valid). */
  find(query: string, operationName: string | undefined): DirectOperation | null {
    const key = `${operationName ?? ''}\u0000${query}`;
    let found = this.known.get(key);
    if (found === undefined) {
      found = this.decide(query, operationName);
      if (this.known.size >= MAX_REMEMBERED) {
        this.known.clear();
      }
      this.known.set(key, found);
    }
    return found;
  }

  /** Sends an operation through the planner from now on (a subgraph refused it as sent). */
  forget(query: string, operationName: string | undefined): void {
    this.known.set(`${operationName ?? ''}\u0000${query}`, null);
  }

  private decide(query: string, operationName: string | undefined): DirectOperation | null {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return null;
    }
    if (
      validate(this.apiSchema, document, [...specifiedRules, ...this.rules]).length > 0 ||
      isIntrospection(document)
    ) {
      return null;
    }
    const operation = getOperationAST(document, operationName);
    if (operation === null || operation === undefined || operation.operation === 'subscription') {
      return null;
    }
    try {
      const plan = this.planner.buildQueryPlan(
        operationFromDocument(this.supergraph.apiSchema(), document, { operationName }),
      );
      const node = plan.node;
      if (
        node?.kind !== 'Fetch' ||
        node.requires !== undefined ||
        node.hasDefers === true ||
        [node.inputRewrites, node.outputRewrites, node.contextRewrites].some((rewrites) => (rewrites?.length ?? 0) > 0)
      ) {
        return null;
      }
      const url = this.urls.get(node.serviceName);
      const neededRoles = rootFields(document, operation).map((field) => requiredRole(operation.operation, field));
      return url === undefined ? null : { subgraph: node.serviceName, url, document, operation, neededRoles };
    } catch {
      return null;
    }
  }
}

/** Whether a document reads `__schema` or `__type` (the gateway answers introspection itself). */
function isIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD]: (node) => {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
      }
    },
  });
  return found;
}
