import type * as http from 'node:http';

import { HeaderMap, type ApolloServer, type BaseContext, type ContextThunk } from '@apollo/server';
import { httpStatusOf, toFerryError, type Identity } from '@ferry/contracts';

import { readBody, sendJson, type RouteHandler } from './http';

/** Builds Apollo's header map from Node's incoming headers (lower-case names, repeated values joined). */
export function headerMapOf(req: http.IncomingMessage): HeaderMap {
  const map = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      map.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  return map;
}

export interface GraphQLRouteOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Who sends the request; throws (UNAUTHENTICATED) to refuse it before its body is read. */
  authenticate: (req: http.IncomingMessage) => Promise<Identity | null> | Identity | null;
  context: (req: http.IncomingMessage, identity: Identity | null) => Promise<TContext>;
  bodyLimitBytes: number;
  /**
   * Answers a POSTed JSON operation itself instead of Apollo (true when it did), e.g. the gateway handing an
   * operation whole to one subgraph. Gets the body as sent and parsed, after authentication.
   */
  direct?: (request: DirectRequest, res: http.ServerResponse) => Promise<boolean>;
}

/** A JSON GraphQL request as it arrived: the raw text and the parsed body, with the caller's identity. */
export interface DirectRequest {
  raw: string;
  body: unknown;
  identity: Identity | null;
}

/** A route handler serving GraphQL over HTTP (GET and POST) with Apollo Server, without a web framework. */
export function graphqlRoute<TContext extends BaseContext>(options: GraphQLRouteOptions<TContext>): RouteHandler {
  return async (req, res, url) => {
    let identity: Identity | null;
    try {
      identity = await options.authenticate(req);
    } catch (error) {
      const refusal = toFerryError(error);
      if (refusal.code === 'INTERNAL') {
        throw error;
      }
      sendJson(res, httpStatusOf[refusal.code], {
        errors: [{ message: refusal.message, extensions: { code: refusal.code } }],
      });
      return;
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const raw = await readBody(req, options.bodyLimitBytes);
      const contentType = req.headers['content-type'] ?? '';
      if (contentType.includes('application/json') || contentType.includes('application/graphql-response+json')) {
        const text = raw.toString('utf8');
        try {
          body = raw.length === 0 ? undefined : JSON.parse(text);
        } catch {
          sendJson(res, 400, {
            errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
          });
          return;
        }
        if (options.direct !== undefined && (await options.direct({ raw: text, body, identity }, res))) {
          return;
        }
      } else {
        body = raw.toString('utf8');
      }
    }
    const context: ContextThunk<TContext> = () => options.context(req, identity);
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMapOf(req), search: url.search, body },
      context,
    });
    for (const [name, value] of response.headers) {
      res.setHeader(name, value);
    }
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) {
      res.write(chunk);
    }
    res.end();
  };
}
