import type * as http from 'node:http';

import { badInput, FerryError, httpStatusOf, notFound, toFerryError } from '@ferry/contracts';
import { outputToV2, v2DatatypeOf, type ElementType, type OutputValue } from '@ferry/onnx';
import { readBody, sendJson, type Route } from '@ferry/service-runtime';

import type { ServingTable } from '../domain/serving';

export interface V2Options {
  serving: ServingTable;
  ready: () => Promise<boolean>;
  version: string;
  bodyLimitBytes: number;
}

/**
 * The Open Inference Protocol (V2) REST API over the serving table; `{name}` is a deployment. Errors are
 * a 4xx (or 503) with `{"error": "<message>"}`. With FERRY_AUTH=on, health is public, metadata needs a viewer and
 * inference an operator: an API key (`Authorization: Bearer`) or a service's signed identity.
 */
export function v2Routes(options: V2Options): Route[] {
  const model = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => modelRoute(options, req, res, url);
  return [
    {
      method: 'GET',
      path: '/v2',
      access: 'viewer',
      refuse,
      handler: (_req, res) => sendJson(res, 200, { name: 'ferry-inference', version: options.version, extensions: [] }),
    },
    {
      method: 'GET',
      path: '/v2/health/live',
      access: 'public',
      handler: (_req, res) => sendJson(res, 200, { live: true }),
    },
    {
      method: 'GET',
      path: '/v2/health/ready',
      access: 'public',
      handler: async (_req, res) => {
        const ready = await options.ready();
        sendJson(res, ready ? 200 : 503, { ready });
      },
    },
    { method: 'POST', path: '/v2/models/*', access: 'operator', refuse, handler: model },
    { method: '*', path: '/v2/models/*', access: 'viewer', refuse, handler: model },
  ];
}

/** A refusal (401/403) in the V2 error format. */
function refuse(res: http.ServerResponse, error: FerryError): void {
  sendJson(res, httpStatusOf[error.code], { error: error.message });
}

const MODEL_PATH = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?\/?$/;

async function modelRoute(
  options: V2Options,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  try {
    const match = MODEL_PATH.exec(url.pathname);
    if (match === null) {
      throw notFound(`no route for ${url.pathname}`);
    }
    const name = decodeURIComponent(match[1] ?? '');
    const version = match[2] === undefined ? undefined : Number(decodeURIComponent(match[2]));
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) {
      throw badInput(`version "${match[2]}" is not a version number`);
    }
    const action = match[3];
    if (action === '/infer') {
      if (req.method !== 'POST') {
        throw badInput('infer takes POST');
      }
      await infer(options, req, res, name, version);
      return;
    }
    if (req.method !== 'GET') {
      throw badInput(`${url.pathname} takes GET`);
    }
    const served = options.serving.servedModel(name, version);
    if (action === '/ready') {
      if (options.serving.spec(name) === undefined) {
        throw notFound(`no deployment named "${name}"`);
      }
      sendJson(res, served === undefined ? 503 : 200, { name, ready: served !== undefined });
      return;
    }
    if (served === undefined) {
      throw notFound(
        options.serving.spec(name) === undefined
          ? `no deployment named "${name}"`
          : `deployment "${name}" has no model loaded${version === undefined ? '' : ` at version ${version}`}`,
      );
    }
    const versions = options.serving
      .status(name)
      .flatMap((s) => (s.version === null || s.shadow ? [] : [String(s.version.version)]));
    const tensor = (t: { name: string; elementType: string | null; shape: Array<number | string | null> | null }) => ({
      name: t.name,
      datatype: t.elementType === null ? 'BYTES' : v2DatatypeOf(t.elementType as ElementType),
      shape: (t.shape ?? []).map((d) => (typeof d === 'number' ? d : -1)),
    });
    sendJson(res, 200, {
      name,
      versions: [...new Set(versions)],
      platform: 'onnxruntime_onnx',
      inputs: served.model.signature.inputs.map(tensor),
      outputs: served.model.signature.outputs.map(tensor),
    });
  } catch (error) {
    sendV2Error(res, error);
  }
}

async function infer(
  options: V2Options,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  name: string,
  version: number | undefined,
): Promise<void> {
  const raw = await readBody(req, options.bodyLimitBytes);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badInput('the body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badInput('the body must be an object with "inputs"');
  }
  const request = body as { id?: unknown; inputs?: unknown; outputs?: unknown };
  if (!Array.isArray(request.inputs) || request.inputs.length === 0) {
    throw badInput('"inputs" must be a non-empty list of tensors {name, shape, datatype, data}');
  }
  let outputs: string[] | undefined;
  if (request.outputs !== undefined) {
    if (
      !Array.isArray(request.outputs) ||
      request.outputs.some((o) => typeof (o as { name?: unknown })?.name !== 'string')
    ) {
      throw badInput('"outputs" must be a list of {name}');
    }
    outputs = (request.outputs as Array<{ name: string }>).map((o) => o.name);
  }
  if (request.id !== undefined && typeof request.id !== 'string') {
    throw badInput('"id" must be a string');
  }
  const served = await options.serving.predict(name, { kind: 'v2', inputs: request.inputs }, { outputs, version });
  sendJson(res, 200, {
    model_name: name,
    model_version: String(served.version.version),
    id: request.id ?? served.requestId,
    parameters: { prediction_ids: served.predictionIds },
    outputs: Object.entries(served.output.outputs as Record<string, OutputValue>).map(([output, value]) =>
      outputToV2(output, value),
    ),
  });
}

/** The V2 error body: `{"error": "<message>"}` with the status of the error's code. */
export function sendV2Error(res: http.ServerResponse, error: unknown): void {
  const ferry = error instanceof FerryError ? error : toFerryError(error);
  if (!res.headersSent) {
    if (ferry.code === 'PAYLOAD_TOO_LARGE') {
      res.setHeader('connection', 'close');
    }
    sendJson(res, httpStatusOf[ferry.code], { error: ferry.code === 'INTERNAL' ? 'internal error' : ferry.message });
  }
}
