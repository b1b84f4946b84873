import type { MetricsRegistry } from '@ferry/metrics';

import type { Route } from './http';

/** `GET /metrics` in the Prometheus text format; public, like `/healthz`, for scrapers. */
export function metricsRoute(registry: MetricsRegistry): Route {
  return {
    method: 'GET',
    path: '/metrics',
    access: 'public',
    handler: (_req, res) => {
      const text = registry.render();
      res.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
}
