import type * as http from 'node:http';
import { pipeline } from 'node:stream/promises';

import { badInput } from '@ferry/contracts';
import { sendJson, type Route } from '@ferry/service-runtime';

import type { ArtifactLibrary } from '../domain/artifact-library';

/**
 * `PUT /artifacts` streams an upload in (the optional `x-ferry-sha256` header, `?sha256=`, or a
 * `Digest: sha-256=<base64>` header promises its hash) and answers `{sha256, size}`;
 * `GET|HEAD /artifacts/<sha256>` streams it back with its sha256 as ETag. With FERRY_AUTH=on, uploading needs an
 * operator and reading a viewer: an API key (`Authorization: Bearer`) or a service's signed identity.
 */
export function artifactRoutes(library: ArtifactLibrary): Route[] {
  return [
    {
      method: 'PUT',
      path: '/artifacts',
      access: 'operator',
      handler: async (req, res, url) => {
        const ref = await library.upload(req, { sha256: promisedSha256(req, url), size: declaredSize(req) });
        sendJson(res, 201, ref);
      },
    },
    {
      method: 'GET',
      path: '/artifacts/*',
      access: 'viewer',
      handler: (req, res, url) => download(library, req, res, url),
    },
    {
      method: 'HEAD',
      path: '/artifacts/*',
      access: 'viewer',
      handler: (req, res, url) => download(library, req, res, url),
    },
  ];
}

async function download(
  library: ArtifactLibrary,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  const hash = url.pathname.slice('/artifacts/'.length).toLowerCase();
  const ref = await library.find(hash);
  const stream = ref === undefined ? undefined : await library.open(hash);
  if (ref === undefined || stream === undefined) {
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no artifact ${hash}` } });
    return;
  }
  const etag = `"${ref.sha256}"`;
  const headers = { etag, 'cache-control': 'public, max-age=31536000, immutable' };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream', 'content-length': ref.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(stream, res);
}

function promisedSha256(req: http.IncomingMessage, url: URL): string | undefined {
  const header = req.headers['x-ferry-sha256'];
  if (typeof header === 'string' && header !== '') {
    return header;
  }
  const query = url.searchParams.get('sha256');
  if (query !== null && query !== '') {
    return query;
  }
  const digest = /sha-256=([A-Za-z0-9+/=]+)/i.exec(String(req.headers.digest ?? ''))?.[1];
  return digest === undefined ? undefined : Buffer.from(digest, 'base64').toString('hex');
}

function declaredSize(req: http.IncomingMessage): number | undefined {
  const value = req.headers['content-length'];
  if (value === undefined) {
    return undefined;
  }
  const size = Number(value);
  if (!Number.isInteger(size) || size < 0) {
    throw badInput('content-length is not a size');
  }
  return size;
}
