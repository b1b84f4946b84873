import { adjustedRandIndex, inertia, prepare, train } from '../src';
import { blobs } from './support/data';

describe('k-means', () => {
  it.each([
    [5, 11],
    [10, 12],
    [20, 13],
  ])('recovers 8 well-separated Gaussian blobs in %d dimensions (ARI ≥ 0.95)', (dims, seed) => {
    const { table, truth } = blobs(seed, { centers: 8, dims, perCluster: 150, box: 10 });
    const result = train({ table, trainer: { type: 'kmeans', params: { k: 8 } }, seed });
    const { label } = result.model.predict(table);
    expect(adjustedRandIndex(truth, label)).toBeGreaterThanOrEqual(0.95);
  });

  it('reports the inertia of its centres, and restarts only ever lower it', () => {
    const { table } = blobs(21, { centers: 6, dims: 4, perCluster: 100, box: 3 });
    const once = train({ table, trainer: { type: 'kmeans', params: { k: 6, nInit: 1 } }, seed: 5 });
    const many = train({ table, trainer: { type: 'kmeans', params: { k: 6, nInit: 8 } }, seed: 5 });
    // The first restart of `many` draws the same seeding as the only one of `once`.
    expect(many.trainingLoss).toBeLessThanOrEqual(once.trainingLoss);
    const { model } = many;
    const x = prepare(model.preparation, table);
    const labels = model.predict(table).label;
    expect(inertia(x, model.preparation.width, model.fit.centers, labels)).toBeCloseTo(many.trainingLoss, 8);
  });

  it('is deterministic for a seed and reports progress as it goes', () => {
    const { table } = blobs(31, { centers: 4, dims: 3, perCluster: 50, box: 5 });
    const progress: Array<[number, number]> = [];
    const first = train({
      table,
      trainer: { type: 'kmeans', params: { k: 4, nInit: 3 } },
      seed: 9,
      onProgress: (iteration, loss) => progress.push([iteration, loss]),
    });
    const second = train({ table, trainer: { type: 'kmeans', params: { k: 4, nInit: 3 } }, seed: 9 });
    expect(Array.from(second.model.fit.centers)).toEqual(Array.from(first.model.fit.centers));
    expect(second.onnx).toEqual(first.onnx);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.map(([iteration]) => iteration)).toEqual(progress.map((_, i) => i + 1));
    expect(Math.min(...progress.map(([, loss]) => loss))).toBeCloseTo(first.trainingLoss, 8);
  });

  it('handles k = 1 and duplicate rows (k-means++ with zero distances)', () => {
    const table = blobs(41, { centers: 1, dims: 2, perCluster: 10, box: 1 }).table;
    const one = train({ table, trainer: { type: 'kmeans', params: { k: 1 } } });
    expect(Array.from(one.model.predict(table).label)).toEqual(new Array(10).fill(0));
    const same = table.select([0, 0, 0, 0, 1]);
    const two = train({ table: same, trainer: { type: 'kmeans', params: { k: 3 } } });
    expect(two.trainingLoss).toBeCloseTo(0, 12);
  });
});
