import { ErrorCode, FerryError, subjectsFor, toFerryError } from '@ferry/contracts';
import { headers, type Msg, type NatsConnection, type Subscription } from 'nats';

import type { ServingTable } from '../domain/serving';
import { modelInput, toPrediction } from '../graphql/deployment.resolver';

/** The queue group every replica joins, so N replicas share the load. */
export const PREDICT_QUEUE = 'inference';

/**
 * Request/reply predictions on `<prefix>.inference.predict.<deployment>`: the request is
 * `{"inputs": rows | named tensors, "outputs"?: [names]}`, the reply the same JSON as GraphQL's
 * `Prediction`, or `{"error": {code, message}}` with a `Ferry-Error-Code` header.
 */
export function startPredictResponder(
  nc: NatsConnection,
  prefix: string,
  serving: ServingTable,
): { stop(): Promise<void> } {
  const subscription: Subscription = nc.subscribe(subjectsFor(prefix).inference.predict('*'), { queue: PREDICT_QUEUE });
  const pending = new Set<Promise<void>>();
  const loop = (async () => {
    for await (const msg of subscription) {
      const answering = answer(msg, serving);
      pending.add(answering);
      void answering.finally(() => pending.delete(answering));
    }
  })();
  return {
    /** Leaves the queue group (no new requests come here), then waits for every request already taken. */
    async stop() {
      await subscription.drain().catch(() => undefined);
      await loop;
      await Promise.all([...pending]);
    },
  };
}

async function answer(msg: Msg, serving: ServingTable): Promise<void> {
  const deployment = msg.subject.slice(msg.subject.lastIndexOf('.') + 1);
  try {
    let request: { inputs?: unknown; outputs?: unknown };
    try {
      request = JSON.parse(new TextDecoder().decode(msg.data)) as typeof request;
    } catch {
      throw new FerryError(ErrorCode.BAD_USER_INPUT, 'the request is not JSON');
    }
    if (typeof request !== 'object' || request === null) {
      throw new FerryError(ErrorCode.BAD_USER_INPUT, 'the request must be {"inputs": …}');
    }
    const outputs = request.outputs;
    if (outputs !== undefined && (!Array.isArray(outputs) || outputs.some((o) => typeof o !== 'string'))) {
      throw new FerryError(ErrorCode.BAD_USER_INPUT, '"outputs" must be a list of output names');
    }
    const served = await serving.predict(deployment, modelInput(request.inputs), {
      outputs: outputs as string[] | undefined,
    });
    msg.respond(JSON.stringify(toPrediction(served)));
  } catch (error) {
    const ferry = toFerryError(error);
    const h = headers();
    h.set('Ferry-Error-Code', ferry.code);
    msg.respond(
      JSON.stringify({
        error: { code: ferry.code, message: ferry.code === 'INTERNAL' ? 'Internal error' : ferry.message },
      }),
      {
        headers: h,
      },
    );
  }
}
