import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, roleAtLeast, type Identity } from '@ferry/contracts';
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

import { requiredRole } from '../domain/access';
import type { GatewayContext } from './context';
import { costError, operationCost } from './limits';

/** The root fields an operation asks for (through fragments too), `__typename` and introspection aside. */
export function rootFields(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const names = new Set<string>();
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) {
          names.add(selection.name.value);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment !== undefined && !seen.has(fragment.name.value)) {
          visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
        }
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return [...names];
}

/** FORBIDDEN unless the identity's role suffices for every root field (always allowed with FERRY_AUTH=off). */
export function authorize(
  auth: boolean,
  identity: Identity | null,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): void {
  if (!auth) {
    return;
  }
  for (const field of rootFields(document, operation)) {
    const needed = requiredRole(operation.operation, field);
    if (identity === null || !roleAtLeast(identity.role, needed)) {
      throw new GraphQLError(
        `${field} needs the ${needed} role; the API key ${identity === null ? 'is missing' : `has ${identity.role}`}`,
        { extensions: { code: ErrorCode.FORBIDDEN, field, requiredRole: needed, http: { status: 403 } } },
      );
    }
  }
}

/**
 * Checks every resolved operation before anything is executed (so before a subgraph is called): its cost, then the
 * caller's role for each root field (the table in domain/access.ts).
 */
export function accessPlugin(options: {
  auth: boolean;
  maxCost: number;
  refused: (code: string) => void;
}): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (operation === undefined) {
            return;
          }
          try {
            authorize(options.auth, contextValue.identity, document, operation);
          } catch (error) {
            options.refused(ErrorCode.FORBIDDEN);
            throw error;
          }
          const cost = operationCost(schema, document, request.operationName, request.variables ?? {});
          if (cost > options.maxCost) {
            throw costError(cost, options.maxCost);
          }
        },
      };
    },
  };
}
