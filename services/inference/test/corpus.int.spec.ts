import { errorCodes, graphql } from '@ferry/testing';

import { close, corpusModels, decodeNumber, firstMismatch, v2Input } from './corpus';
import { createDeployment, registerModel, usePlatform, v2Infer } from './support';

interface PredictAnswer {
  predict: { outputs: Record<string, { kind: string; data: unknown[] }>; modelVersion: { version: number } };
}

describe('every model of the ONNX corpus, deployed and called', () => {
  const platform = usePlatform('corpus');
  const models = corpusModels();
  let batchableModels = 0;

  it('has the corpus', () => {
    expect(models.length).toBeGreaterThan(50);
  });

  it.each(models.filter((m) => m.id.startsWith('unloadable/')).map((m) => [m.id, m] as const))(
    '%s fails to deploy with the reason ONNX Runtime gave, and nothing else breaks',
    async (id, model) => {
      const name = id.replace(/[^A-Za-z0-9_-]/g, '-');
      const version = await registerModel(platform, name, model.file);
      const created = await createDeployment(platform, { name, modelName: name, version });
      expect(errorCodes(created)).toEqual(['CONFLICT']);
      expect(created.errors?.[0]?.message).toMatch(/FAILED: .+/);
      expect((await fetch(`${platform.inference.url}/v2/health/ready`)).status).toBe(200);
    },
  );

  const servable = models.filter((m) => !m.id.startsWith('unloadable/') && m.cases.length > 0);
  it.each(servable.map((m) => [m.id, m] as const))(
    '%s answers its published outputs through V2 and GraphQL',
    async (id, model) => {
      const name = id.replace(/[^A-Za-z0-9_-]/g, '-');
      const version = await registerModel(platform, name, model.file);
      const created = await createDeployment(platform, { name, modelName: name, version });
      expect(created.errors).toBeUndefined();
      expect(created.data?.createDeployment.status[0]?.error).toBeNull();
      const metadata = (await (await fetch(`${platform.inference.url}/v2/models/${name}`)).json()) as {
        inputs: Array<{ shape: number[] }>;
      };
      // Dynamic batching applies to models whose every input has a dynamic first dimension.
      const batchable = metadata.inputs.every((input) => input.shape.length > 0 && input.shape[0] === -1);
      batchableModels += batchable ? 1 : 0;

      for (const [i, testCase] of model.cases.entries()) {
        // JSON cannot carry NaN or Infinity, and both APIs refuse non-finite floats: such cases are for the library tests.
        const nonFinite = Object.values(testCase.inputs).some((t) =>
          t.data.some((v) => typeof v === 'string' && /^(NaN|-?Infinity)$/.test(v)),
        );
        if (nonFinite) {
          continue;
        }
        const inputs = Object.entries(testCase.inputs).map(([input, tensor]) => v2Input(input, tensor));
        const v2 = await v2Infer(platform.inference.url, name, { id: `case-${i}`, inputs });
        expect({ case: i, status: v2.status, error: v2.body.error }).toEqual({
          case: i,
          status: 200,
          error: undefined,
        });
        expect(v2.body.id).toBe(`case-${i}`);
        const outputs = v2.body.outputs as Array<{ name: string; datatype: string; shape: number[]; data: unknown[] }>;
        for (const [output, expected] of Object.entries(testCase.outputs)) {
          const actual = outputs.find((o) => o.name === output);
          expect({ output, found: actual !== undefined }).toEqual({ output, found: true });
          const values = expected.dtype.startsWith('seq(map')
            ? (actual?.data ?? []).map((row) => JSON.parse(String(row)) as unknown)
            : (actual?.data ?? []);
          expect({ output, mismatch: firstMismatch(values, expected.data, model.tolerance) }).toEqual({
            output,
            mismatch: undefined,
          });
        }

        if (batchable) {
          // The same request 24 times at once: the batcher runs the first at once and the queued ones together (up
          // to the batch size). Each answer must be exactly the lone one (values and shapes), wherever it ran.
          const together = await Promise.all(
            Array.from({ length: 24 }, (_, k) => v2Infer(platform.inference.url, name, { id: `batched-${k}`, inputs })),
          );
          for (const answer of together) {
            expect({ case: i, status: answer.status }).toEqual({ case: i, status: 200 });
            expect({ case: i, outputs: answer.body.outputs }).toEqual({ case: i, outputs: v2.body.outputs });
          }
        }

        const named = Object.fromEntries(
          Object.entries(testCase.inputs).map(([input, tensor]) => [
            input,
            { shape: tensor.dims, data: tensor.data.map(decodeNumber) },
          ]),
        );
        const predicted = await graphql<PredictAnswer>(
          platform.url,
          'mutation($d: String!, $i: JSON!) { predict(deployment: $d, inputs: $i) { outputs modelVersion { version } } }',
          { d: name, i: named },
        );
        expect({ case: i, errors: predicted.errors }).toEqual({ case: i, errors: undefined });
        expect(predicted.data?.predict.modelVersion.version).toBe(version);
        for (const [output, expected] of Object.entries(testCase.outputs)) {
          const actual = predicted.data?.predict.outputs[output]?.data ?? [];
          expect({ output, mismatch: firstMismatch(actual, expected.data, model.tolerance) }).toEqual({
            output,
            mismatch: undefined,
          });
        }
      }
    },
  );

  it('covered the batched path for the models with a dynamic first dimension', () => {
    // 9 of the corpus's servable models have a dynamic first dimension on every input (the rest are fixed-size).
    expect(batchableModels).toBeGreaterThanOrEqual(9);
  });

  it('compares NaN and infinities as values', () => {
    expect(close(Number.NaN, 'NaN', { rtol: 0, atol: 0 })).toBe(true);
    expect(close(1, 'Infinity', { rtol: 1, atol: 1 })).toBe(false);
  });
});
