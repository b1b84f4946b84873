import * as fs from 'node:fs';
import {
  InputError,
  OnnxModel,
  type OutputValue,
  outputToV2,
  prepareForServing,
  type Tensor,
  tensorFromV2,
  tensorsFromNamed,
  tensorsFromV2,
  v2DatatypeOf,
} from '../src';
import { decodeData, ELEMENT_OF, hasNonFinite, mismatch, nestData, readCases } from './cases';
import { listCorpusModels } from './corpus';

const models = listCorpusModels().filter((model) => !model.unloadable);
const tally = { models: 0, cases: 0, runs: 0 };

afterAll(() => {
  console.info(`corpus served: ${tally.models} models, ${tally.cases} cases, ${tally.runs} runs matched`);
});

describe('serving the corpus', () => {
  it('has cases for every model outside unloadable/', () => {
    expect(models.length).toBeGreaterThanOrEqual(60);
    expect(models.filter((model) => readCases(model.file) === null)).toEqual([]);
  });

  it.each(models.map((model) => [model.id, model]))(
    '%s reproduces its cases through named, nested and V2 inputs, and warms up',
    async (_id, model) => {
      const cases = readCases(model.file);
      if (cases === null) {
        throw new Error('no cases.json');
      }
      const rtol = cases.tolerance?.rtol ?? 1e-4;
      const atol = cases.tolerance?.atol ?? 1e-6;
      const prepared = prepareForServing(fs.readFileSync(model.file));
      const served = await OnnxModel.load(prepared.bytes);
      try {
        expect(served.info.outputs.map((output) => output.name)).toEqual(prepared.info.outputs.map((o) => o.name));
        for (const c of cases.cases) {
          const entries = Object.entries(c.inputs);
          const limits = { allowNonFinite: entries.some(([, value]) => hasNonFinite(value)) };
          const named = Object.fromEntries(entries.map(([name, v]) => [name, { data: decodeData(v), shape: v.dims }]));
          const nested = Object.fromEntries(entries.map(([name, v]) => [name, nestData(decodeData(v), v.dims)]));
          const v2 = entries.map(([name, v]) => ({
            name,
            shape: v.dims,
            datatype: v2DatatypeOf(ELEMENT_OF[v.dtype] ?? 'bfloat16'),
            data: decodeData(v),
          }));
          if (limits.allowNonFinite) {
            // Non-finite inputs are refused unless the caller opts in.
            expect(() => tensorsFromNamed(named, served.info)).toThrow(InputError);
          }
          const viaV2 = Object.fromEntries(v2.map((input) => [input.name, tensorFromV2(input, served.info, limits)]));
          expect(tensorsFromV2(v2, served.info, limits)).toEqual(viaV2);
          const feedsList: Array<Record<string, Tensor>> = [
            tensorsFromNamed(named, served.info, limits),
            tensorsFromNamed(nested, served.info, limits),
            viaV2,
          ];
          for (const feeds of feedsList) {
            const outputs = await served.run(feeds);
            expect(Object.keys(outputs).sort()).toEqual(served.info.outputs.map((output) => output.name).sort());
            for (const [name, want] of Object.entries(c.outputs)) {
              expect(mismatch(name, outputs[name], want, rtol, atol)).toBeNull();
              const v2Out = outputToV2(name, outputs[name] as OutputValue);
              const datatype = want.dtype.startsWith('seq(')
                ? 'BYTES'
                : v2DatatypeOf(ELEMENT_OF[want.dtype] ?? 'bfloat16');
              expect(v2Out.datatype).toBe(datatype);
            }
            tally.runs++;
          }
          tally.cases++;
        }
        await served.warmUp();
        await served.warmUp(3);
        tally.models++;
      } finally {
        await served.release();
      }
    },
  );
});
