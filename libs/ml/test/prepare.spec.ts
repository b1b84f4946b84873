import { fitPreparation, prepare, splitTable, Table } from '../src';

describe('data preparation', () => {
  it('imputes the training mean, standardizes with the imputed column std (0 → 1)', () => {
    const table = Table.fromColumns({ x: [1, 2, null, 5], constant: [3, 3, 3, 3] });
    const preparation = fitPreparation(table, ['x', 'constant']);
    const mean = 8 / 3;
    const std = Math.sqrt(((1 - mean) ** 2 + (2 - mean) ** 2 + (5 - mean) ** 2) / 4);
    expect(preparation.features).toEqual([
      { name: 'x', kind: 'numeric', mean, std },
      { name: 'constant', kind: 'numeric', mean: 3, std: 1 },
    ]);
    const x = prepare(preparation, Table.fromColumns({ x: [null, mean + std], constant: [3, 5] }));
    const expected = [0, 0, 1, 2];
    expected.forEach((value, i) => expect(x[i]).toBeCloseTo(value, 12));
  });

  it('one-hot encodes the top-k categories plus "other"; missing → most frequent; unseen → other', () => {
    const table = Table.fromColumns({ c: ['b', 'a', 'b', 'c', 'a', 'b', 'd', null] });
    const preparation = fitPreparation(table, ['c'], { topK: 2 });
    expect(preparation.features).toEqual([
      { name: 'c', kind: 'categorical', categories: ['b', 'a'], mostFrequent: 'b' },
    ]);
    expect(preparation.columnNames).toEqual(['c=b', 'c=a', 'c=*other*']);
    const rows = prepare(preparation, Table.fromColumns({ c: ['a', 'b', 'c', null, 'never seen'] }));
    expect(Array.from(rows)).toEqual([0, 1, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1]);
  });

  it('breaks count ties by value, and never crashes on a column with no value', () => {
    const table = Table.fromColumns({ c: ['z', 'y', 'x', 'y', 'z'], e: new Float64Array(5).fill(Number.NaN) });
    const preparation = fitPreparation(table, ['c', 'e']);
    expect(preparation.features[0]).toMatchObject({ categories: ['y', 'z', 'x'] });
    expect(preparation.features[1]).toEqual({ name: 'e', kind: 'numeric', mean: 0, std: 1 });
    const empty = fitPreparation(Table.fromColumns({ s: [null, null] }), ['s']);
    expect(empty.features[0]).toEqual({ name: 's', kind: 'categorical', categories: [], mostFrequent: null });
    expect(Array.from(prepare(empty, Table.fromColumns({ s: ['a', null] })))).toEqual([1, 1]);
  });

  it('is fitted on the training rows only', () => {
    const table = Table.fromColumns({ x: Array.from({ length: 100 }, (_, i) => i) });
    const { train, holdout } = splitTable(table, { fraction: 0.5, seed: 1 });
    const preparation = fitPreparation(train, ['x']);
    const trainValues = train.column('x').values as Float64Array;
    const holdoutValues = holdout.column('x').values as Float64Array;
    const mean = (xs: Float64Array): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(preparation.features[0]).toMatchObject({ mean: mean(trainValues) });
    expect(mean(trainValues)).not.toBeCloseTo(mean(holdoutValues), 6);
  });
});
