import type * as http from 'node:http';

import { ErrorCode, roleAtLeast, type Identity } from '@ferry/contracts';
import type { DirectRequest } from '@ferry/service-runtime';

import type { Fetcher } from '../http-fetcher';
import type { IdentitySigner } from '../subgraph-source';
import type { DirectOperations } from './direct-operations';
import { operationCost } from './limits';

interface GraphQLBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/**
 * The gateway's direct route (ADR 0006): an operation one subgraph answers whole is sent to it as the client wrote
 * it — after the same checks Apollo's path makes (key, role per root field, cost) — and its answer is returned as it
 * is. Anything else, and anything refused, goes through Apollo (false), which answers it and its errors the usual way.
 */
export function directRoute(options: {
  operations: DirectOperations;
  auth: boolean;
  maxCost: number;
  fetcher: Fetcher;
  sign: IdentitySigner | undefined;
  /** Counts an operation answered by the direct route. */
  answered?: (subgraph: string) => void;
}): (request: DirectRequest, res: http.ServerResponse) => Promise<boolean> {
  return async ({ raw, body, identity }, res) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return false;
    }
    const { query, operationName, variables, extensions } = body as GraphQLBody;
    if (
      typeof query !== 'string' ||
      (operationName !== undefined && operationName !== null && typeof operationName !== 'string') ||
      (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) ||
      extensions !== undefined
    ) {
      return false;
    }
    const name = operationName ?? undefined;
    const direct = options.operations.find(query, name);
    if (direct === null || !allowed(options, identity, direct, name, variables)) {
      return false;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.sign !== undefined && identity !== null) {
      Object.assign(headers, options.sign(identity));
    }
    let status: number;
    let answer: string;
    try {
      const response = await options.fetcher(direct.url, { method: 'POST', headers, body: raw });
      status = response.status;
      answer = await response.text();
    } catch (error) {
      // Refused before anything was sent, or a query (safe to ask again): Apollo's path answers UNAVAILABLE for it.
      if ((error as { code?: string }).code === 'ECONNREFUSED' || direct.operation.operation === 'query') {
        return false;
      }
      status = 200;
      answer = unavailable(direct.subgraph);
    }
    if (status === 400 && answer.includes('GRAPHQL_VALIDATION_FAILED')) {
      // The subgraph did not take the document as written (nothing ran): the planner's path from now on.
      options.operations.forget(query, name);
      return false;
    }
    if (status === 502 || status === 503 || status === 504) {
      status = 200;
      answer = unavailable(direct.subgraph);
    } else if (answer.includes('"errors"')) {
      answer = asFromThePlan(answer, direct.subgraph);
    }
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(answer),
    });
    res.end(answer);
    options.answered?.(direct.subgraph);
    return true;
  };
}

/** The checks of the access plugin, without their errors: a refusal is Apollo's to report (and count). */
function allowed(
  options: { auth: boolean; maxCost: number; operations: DirectOperations },
  identity: Identity | null,
  direct: ReturnType<DirectOperations['find']> & object,
  operationName: string | undefined,
  variables: unknown,
): boolean {
  if (options.auth && (identity === null || !direct.neededRoles.every((role) => roleAtLeast(identity.role, role)))) {
    return false;
  }
  try {
    const cost = operationCost(
      options.operations.apiSchema,
      direct.document,
      operationName,
      (variables ?? {}) as Record<string, unknown>,
    );
    return cost <= options.maxCost;
  } catch {
    return false;
  }
}

/**
 * A subgraph's errors as the query plan's executor passes them on: its `locations` (they point into the subgraph's
 * document) dropped, the subgraph named in `extensions.serviceName`.
 */
function asFromThePlan(answer: string, subgraph: string): string {
  let parsed: { errors?: Array<{ locations?: unknown; extensions?: Record<string, unknown> }> };
  try {
    parsed = JSON.parse(answer) as typeof parsed;
  } catch {
    return answer;
  }
  if (!Array.isArray(parsed.errors)) {
    return answer;
  }
  for (const error of parsed.errors) {
    delete error.locations;
    error.extensions = { ...error.extensions, serviceName: subgraph };
  }
  return JSON.stringify(parsed);
}

/** What SubgraphSource answers for a subgraph that cannot be reached. */
function unavailable(subgraph: string): string {
  return JSON.stringify({
    errors: [
      {
        message: `The ${subgraph} service is unavailable; try again shortly`,
        extensions: { code: ErrorCode.UNAVAILABLE, serviceName: subgraph },
      },
    ],
    data: null,
  });
}
