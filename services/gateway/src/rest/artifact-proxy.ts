import * as http from 'node:http';
import { pipeline } from 'node:stream/promises';

import { ErrorCode, FerryError } from '@ferry/contracts';
import { sendError, type Route } from '@ferry/service-runtime';

/** Request headers the registry's artifact routes read; everything else stays at the gateway. */
const FORWARDED_REQUEST = [
  'authorization',
  'content-length',
  'content-type',
  'digest',
  'x-ferry-sha256',
  'if-none-match',
];
const FORWARDED_RESPONSE = ['content-type', 'content-length', 'etag', 'cache-control'];

/**
 * `PUT /artifacts` and `GET|HEAD /artifacts/<sha256>` at the gateway, streamed to and from the registry, so a client
 * (the CLI) needs one address for everything. The bytes are never held: the request is piped to the registry and the
 * answer piped back. The registry decides who may upload or read — it checks the `Authorization: Bearer` key sent
 * here (with the gateway, over NATS), so the gateway adds no second policy.
 */
export function artifactProxyRoutes(registryBaseUrl: string): { routes: Route[]; close(): void } {
  const base = new URL(registryBaseUrl);
  const agent = new http.Agent({ keepAlive: true });
  const handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> =>
    new Promise<void>((resolve) => {
      const headers: http.OutgoingHttpHeaders = {};
      for (const name of FORWARDED_REQUEST) {
        const value = req.headers[name];
        if (value !== undefined) {
          headers[name] = value;
        }
      }
      const upstream = http.request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path: `${base.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`,
          method: req.method,
          headers,
          agent,
        },
        (answer) => {
          const out: http.OutgoingHttpHeaders = {};
          for (const name of FORWARDED_RESPONSE) {
            const value = answer.headers[name];
            if (value !== undefined) {
              out[name] = value;
            }
          }
          res.writeHead(answer.statusCode ?? 502, out);
          pipeline(answer, res).then(resolve, () => {
            res.destroy();
            resolve();
          });
        },
      );
      upstream.on('error', (error) => {
        if (!res.headersSent) {
          sendError(res, new FerryError(ErrorCode.UNAVAILABLE, `the registry did not answer: ${error.message}`));
        } else {
          res.destroy();
        }
        resolve();
      });
      if (req.method === 'PUT') {
        req.pipe(upstream);
        // A client that goes away mid-upload: the registry's request ends too (it discards a partial upload).
        req.on('close', () => {
          if (!req.complete) {
            upstream.destroy();
          }
        });
      } else {
        upstream.end();
      }
    });
  return {
    routes: [
      { method: 'PUT', path: '/artifacts', access: 'public', handler },
      { method: 'GET', path: '/artifacts/*', access: 'public', handler },
      { method: 'HEAD', path: '/artifacts/*', access: 'public', handler },
    ],
    // Idle keep-alive connections to the registry would otherwise outlive the gateway's stop.
    close: () => agent.destroy(),
  };
}
