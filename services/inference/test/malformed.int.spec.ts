import { connectTestNats, earlyAnswer, graphql } from '@ferry/testing';
import type { NatsConnection } from 'nats';

import { deployIris, usePlatform, v2Infer } from './support';

/** A small seeded PRNG (mulberry32), so a failure replays. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random JSON-ish values biased towards what breaks parsers: wrong types, odd numbers, deep nesting, odd keys. */
function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 8 : 12));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return [0, -1, 1e308, -1e-308, 2 ** 53 + 1, 0.5, 3, 1e9][Math.floor(random() * 8)];
    case 3:
      return ['', 'X', 'float_input', '__proto__', 'constructor', 'NaN', 'FP32', 'x'.repeat(1000)][
        Math.floor(random() * 8)
      ];
    case 4:
      return Math.floor(random() * 10) - 3;
    case 5:
      return 'BYTES';
    case 6:
      return [];
    case 7:
      return {};
    case 8:
    case 9:
      return Array.from({ length: Math.floor(random() * 5) }, () => randomValue(random, depth + 1));
    default: {
      const keys = [
        'name',
        'shape',
        'datatype',
        'data',
        'inputs',
        'outputs',
        'id',
        'X',
        'float_input',
        '__proto__',
        'parameters',
      ];
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 5); i > 0; i--) {
        out[keys[Math.floor(random() * keys.length)] as string] = randomValue(random, depth + 1);
      }
      return out;
    }
  }
}

/** A malformed request: sometimes a valid skeleton with one part broken, sometimes noise. */
function malformed(random: () => number, inputName: string): unknown {
  const good = { name: inputName, shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] };
  const broken = { ...good } as Record<string, unknown>;
  const field = ['name', 'shape', 'datatype', 'data'][Math.floor(random() * 4)] as string;
  broken[field] = randomValue(random);
  const forms = [
    () => ({ inputs: [broken] }),
    () => ({ inputs: randomValue(random) }),
    () => randomValue(random),
    () => ({ inputs: [good], outputs: randomValue(random) }),
    () => ({ id: randomValue(random), inputs: [broken, good] }),
  ];
  return (forms[Math.floor(random() * forms.length)] as () => unknown)();
}

describe('1,000 malformed requests at each entry point', () => {
  const platform = usePlatform('malformed');
  let nc: NatsConnection;
  const N = 1000;

  beforeAll(async () => {
    await deployIris(platform);
    nc = await connectTestNats();
  });

  afterAll(async () => {
    await nc.close();
  });

  it('V2 REST answers each with a 4xx and {error}', async () => {
    const random = prng(1);
    let refused = 0;
    for (let i = 0; i < N; i++) {
      const body = malformed(random, 'X');
      const text = i % 50 === 0 ? '{"inputs": [' : JSON.stringify(body);
      const answer = await v2Infer(platform.inference.url, 'iris', text);
      if (answer.status !== 200) {
        refused += 1;
        expect({ i, status: answer.status >= 400 && answer.status < 500, error: typeof answer.body.error }).toEqual({
          i,
          status: true,
          error: 'string',
        });
      }
    }
    expect(refused).toBeGreaterThan(N * 0.8);
    const tooLarge = await earlyAnswer(
      `${platform.inference.url}/v2/models/iris/infer`,
      'POST',
      64 * 1024 * 1024,
      Buffer.from('{"inputs":['),
    );
    expect({ status: tooLarge.status, connection: tooLarge.headers.connection }).toEqual({
      status: 413,
      connection: 'close',
    });
    expect(JSON.parse(tooLarge.body)).toEqual({ error: expect.stringContaining('exceeds') });
    expect((await fetch(`${platform.inference.url}/v2/health/live`)).status).toBe(200);
  });

  it('GraphQL predict answers each with BAD_USER_INPUT (or a GraphQL request error), never INTERNAL', async () => {
    const random = prng(2);
    let refused = 0;
    for (let i = 0; i < N; i++) {
      const inputs =
        i % 2 === 0
          ? randomValue(random)
          : [
              Object.fromEntries([
                ['X[0]', randomValue(random)],
                ['X[1]', 1],
                ['X[2]', 1],
                ['X[3]', 1],
              ]),
            ];
      const answer = await graphql(
        platform.url,
        'mutation($i: JSON!) { predict(deployment: "iris", inputs: $i) { predictionId } }',
        { i: inputs },
      );
      const codes = (answer.errors ?? []).map((e) => e.extensions?.code);
      if (answer.errors !== undefined) {
        refused += 1;
        expect({ i, codes }).toEqual({
          i,
          codes: [expect.stringMatching(/^(BAD_USER_INPUT|BAD_REQUEST|GRAPHQL_VALIDATION_FAILED)$/)],
        });
      }
    }
    expect(refused).toBeGreaterThan(N * 0.8);
  });

  it('NATS request/reply answers each with a client error code', async () => {
    const random = prng(3);
    let refused = 0;
    const subject = `${platform.prefix}.inference.predict.iris`;
    for (let i = 0; i < N; i++) {
      const payload =
        i % 3 === 0
          ? 'not json at all'
          : JSON.stringify({ inputs: randomValue(random), outputs: i % 7 === 0 ? randomValue(random) : undefined });
      const reply = await nc.request(subject, payload, { timeout: 5000 });
      const body = reply.json<{ error?: { code: string }; predictionId?: string }>();
      if (body.error !== undefined) {
        refused += 1;
        expect({ i, code: body.error.code }).toEqual({ i, code: 'BAD_USER_INPUT' });
        expect(reply.headers?.get('Ferry-Error-Code')).toBe('BAD_USER_INPUT');
      }
    }
    expect(refused).toBeGreaterThan(N * 0.8);
  });
});
