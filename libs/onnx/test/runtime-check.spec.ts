import * as fs from 'node:fs';
import { checkOnnxRuntimeLoads, readOnnxModel } from '../src';
import { listCorpusModels, seededBytes } from './corpus';

const models = listCorpusModels();
const loadable = models.filter((model) => !model.unloadable);
const unloadable = models.filter((model) => model.unloadable);

describe('checkOnnxRuntimeLoads', () => {
  it('sees the four unloadable models of the corpus', () => {
    expect(unloadable).toHaveLength(4);
  });

  // One session per model, from its bytes as the registry has them: the image networks are loaded once each.
  it.each(loadable.map((model) => [model.id, model]))(
    'loads %s with the signature read from the file',
    async (_id, model) => {
      const bytes = fs.readFileSync(model.file);
      const info = readOnnxModel(bytes);
      const check = await checkOnnxRuntimeLoads(bytes);
      expect(check).toEqual({
        ok: true,
        inputNames: info.inputs.map((input) => input.name),
        outputNames: info.outputs.map((output) => output.name),
      });
    },
  );

  it.each(unloadable.map((model) => [model.id, model]))('refuses %s with ONNX Runtime’s reason', async (_id, model) => {
    expect(() => readOnnxModel(fs.readFileSync(model.file))).not.toThrow();
    const check = await checkOnnxRuntimeLoads(model.file);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.reason).toMatch(/\S/);
    }
  });

  it('loads from a file path too', async () => {
    const model = loadable.find((candidate) => candidate.id === 'networks/tflm_hello_world_sine_keras2onnx/model.onnx');
    expect(await checkOnnxRuntimeLoads(model?.file ?? '', { intraOpNumThreads: 2 })).toEqual({
      ok: true,
      inputNames: ['dense_2_input'],
      outputNames: ['dense_4'],
    });
  });

  it('answers ok: false instead of throwing for bytes that are no model and for a missing file', async () => {
    const garbage = await checkOnnxRuntimeLoads(seededBytes(1024, 3));
    const missing = await checkOnnxRuntimeLoads('/nonexistent/model.onnx');
    for (const check of [garbage, missing]) {
      expect(check.ok).toBe(false);
      expect(check.ok ? '' : check.reason).toMatch(/\S/);
    }
  });
});
