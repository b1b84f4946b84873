import {
  ColumnKind,
  columnDrift,
  datasetDrift,
  defaultMethod,
  DriftInputError,
  DriftMethod,
  driftVerdict,
  ksTest,
  summarizeDrift,
  wassersteinNorm,
} from '../src';
import { expectClose, reference, sample, values } from './support/reference';
import { Random } from './support/random';

describe('defaultMethod follows Evidently _get_default_stattest', () => {
  it.each([
    ['numeric', 1000, 6, 'ks'],
    ['numeric', 1000, 5, 'chisquare'],
    ['numeric', 1000, 3, 'chisquare'],
    ['numeric', 1000, 2, 'ztest'],
    ['numeric', 1001, 6, 'wasserstein'],
    ['numeric', 1001, 5, 'jensenshannon'],
    ['categorical', 1000, 40, 'chisquare'],
    ['categorical', 1000, 3, 'chisquare'],
    ['categorical', 10, 2, 'ztest'],
    ['categorical', 1000, 1, 'ztest'],
    ['categorical', 1001, 2, 'jensenshannon'],
    ['categorical', 5000, 40, 'jensenshannon'],
  ] as const)('%s, %i reference rows, %i distinct → %s', (kind, referenceCount, distinct, method) => {
    expect(defaultMethod({ kind, referenceCount, distinct })).toBe(method);
  });
});

describe('columnDrift', () => {
  it('picks K-S for a small numeric reference and reports it as ks_2samp does', () => {
    const ref = sample('normal_200');
    const cur = sample('shifted_300');
    const result = columnDrift(ref, cur, { column: 'x' });
    const expected = reference.ks.find((c) => c.reference === 'normal_200' && c.current === 'shifted_300')!;
    expect(result).toMatchObject({ column: 'x', method: 'ks', threshold: 0.05, drifted: true });
    expectClose(result.statistic, expected.statistic);
    expectClose(result.pValue!, expected.pValue);
  });

  it('picks normed Wasserstein above 1000 reference rows, drifting from 0.1', () => {
    const result = columnDrift(sample('int_cur_12000'), sample('int_ref_1000'));
    expect(result.method).toBe('wasserstein');
    expect(result.pValue).toBeNull();
    expect(result.threshold).toBe(0.1);
    expect(result.drifted).toBe(result.statistic >= 0.1);
  });

  it('picks chi-square, the Z-test and Jensen–Shannon for categories', () => {
    expect(columnDrift(values('colors_ref'), values('colors_cur')).method).toBe('chisquare');
    expect(columnDrift(values('binary_ref'), values('binary_cur')).method).toBe('ztest');
    const many = Array.from({ length: 1500 }, (_, i) => ['a', 'b', 'c'][i % 3]!);
    const result = columnDrift(many, values('colors_cur'));
    expect(result.method).toBe('jensenshannon');
    expect(result.drifted).toBe(true); // no category in common: the largest distance, sqrt(ln 2)
    expectClose(result.statistic, Math.sqrt(Math.LN2));
  });

  it('treats a numeric column with at most 5 distinct values as categories', () => {
    const result = columnDrift(sample('small_ints_ref'), sample('small_ints_cur_same'));
    const expected = reference.chisquare.find((c) => c.current === 'small_ints_cur_same')!;
    expect(result.method).toBe('chisquare');
    expectClose(result.pValue!, expected.pValue as number);
  });

  it('overrides method and threshold', () => {
    const ref = sample('normal_200');
    const cur = sample('shifted_300');
    const psi = reference.binned.find((c) => c.reference === 'normal_200')!.psi;
    const result = columnDrift(ref, cur, { method: DriftMethod.psi, threshold: 0.2 });
    expect(result.method).toBe('psi');
    expectClose(result.statistic, psi);
    expect(result.threshold).toBe(0.2);
    expect(result.drifted).toBe(psi >= 0.2);
    expect(columnDrift(ref, cur, { threshold: 0.001 }).drifted).toBe(false); // p ≈ 0.0058
  });

  it('compares numbers as categories when told the column is categorical', () => {
    const result = columnDrift([1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 8], { kind: ColumnKind.categorical });
    expect(result.method).toBe('chisquare');
    expect(result.statistic).toBe(Number.POSITIVE_INFINITY); // 8 was never seen in the reference
    expect(result.pValue).toBe(0);
  });

  it('drops missing values (null, undefined, NaN, ±Infinity) as Evidently does', () => {
    const ref = sample('normal_200');
    const cur = sample('shifted_300');
    const noisy = [null, ...cur, Number.NaN, undefined, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    expect(columnDrift([...ref, null], noisy)).toEqual(columnDrift(ref, cur));
    expect(columnDrift(['a', null, 'b', 'a'], ['b', undefined, 'b']).method).toBe('ztest');
  });

  it('accepts typed arrays', () => {
    const ref = sample('normal_200');
    const cur = sample('shifted_300');
    expect(columnDrift(Float64Array.from(ref), Float32Array.from(cur)).method).toBe('ks');
    expect(columnDrift(Float64Array.from(ref), Float64Array.from(cur))).toEqual(columnDrift(ref, cur));
  });
});

describe('edge cases', () => {
  it('identical samples: statistic 0 and p-value 1 for every method', () => {
    const x = sample('normal_1000');
    for (const method of Object.values(DriftMethod)) {
      const result = columnDrift(x, x, { method });
      expect([method, result.statistic]).toEqual([method, 0]);
      expect(result.pValue).toBe(method === 'ks' || method === 'chisquare' || method === 'ztest' ? 1 : null);
      expect(result.drifted).toBe(false);
    }
  });

  it('an empty or all-missing side is a DriftInputError naming the column', () => {
    const ref = sample('normal_200');
    const attempts = [
      () => columnDrift(ref, [], { column: 'age' }),
      () => columnDrift(ref, [null, Number.NaN, undefined], { column: 'age' }),
      () => columnDrift([], ref, { column: 'age' }),
      () => ksTest(ref, []),
      () => wassersteinNorm([Number.NaN], ref),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(DriftInputError);
    }
    try {
      columnDrift(ref, [], { column: 'age' });
    } catch (error) {
      expect((error as DriftInputError).code).toBe('BAD_USER_INPUT');
      expect((error as DriftInputError).column).toBe('age');
    }
  });

  it('a single value on each side', () => {
    expect(ksTest([1], [1])).toEqual({ statistic: 0, pValue: 1, pValueMethod: 'exact' });
    expect(ksTest([1], [2])).toEqual({ statistic: 1, pValue: 1, pValueMethod: 'exact' }); // scipy: D = 1, p = 1
    expect(columnDrift(['a'], ['a'])).toMatchObject({ method: 'ztest', statistic: 0, pValue: 1, drifted: false });
    expect(columnDrift([3], [3], { method: DriftMethod.chisquare })).toMatchObject({ statistic: 0, pValue: 1 });
  });

  it('a constant reference norms Wasserstein by the 0.001 floor', () => {
    const result = wassersteinNorm([2, 2, 2, 2], [2, 2, 2, 2.5]);
    expect(result.norm).toBe(0.001);
    expectClose(result.distance, 0.125);
    expectClose(result.statistic, 125);
  });

  it('refuses methods that need numbers on categories, and unknown methods', () => {
    expect(() => columnDrift(['a', 'b'], ['a'], { method: DriftMethod.ks })).toThrow(DriftInputError);
    expect(() => columnDrift(['a', 'b'], ['a'], { method: DriftMethod.wasserstein })).toThrow(DriftInputError);
    expect(() => columnDrift([1, 2], [1], { method: 'median' as DriftMethod })).toThrow(DriftInputError);
    expect(() => columnDrift([1, 'a'], [1], { kind: ColumnKind.numeric })).toThrow(DriftInputError);
  });
});

describe('datasetDrift', () => {
  const columns = [
    { name: 'x', reference: sample('normal_200'), current: sample('shifted_300') }, // ks, drifts
    { name: 'heavy', reference: sample('t2_500'), current: sample('t2_800') }, // ks, drifts (p ≈ 0.013)
    { name: 'color', reference: values('colors_ref'), current: values('colors_cur') }, // chisquare, drifts
    { name: 'answer', reference: values('binary_ref'), current: values('binary_cur_same') }, // ztest, stable
  ];

  it('drifts when at least half of the columns do', () => {
    const result = datasetDrift(columns);
    expect(result.columns.map((c) => [c.column, c.method, c.drifted])).toEqual([
      ['x', 'ks', true],
      ['heavy', 'ks', true],
      ['color', 'chisquare', true],
      ['answer', 'ztest', false],
    ]);
    expect(result).toMatchObject({
      numberOfColumns: 4,
      numberOfDriftedColumns: 3,
      shareOfDriftedColumns: 0.75,
      driftShare: 0.5,
      datasetDrift: true,
    });
    expect(datasetDrift(columns, { driftShare: 0.8 }).datasetDrift).toBe(false);
  });

  it('applies column, kind and dataset choices in that order', () => {
    const result = datasetDrift(columns, {
      defaults: { threshold: 0.01 },
      numeric: { method: DriftMethod.wasserstein },
      columns: { x: { method: DriftMethod.psi, threshold: 0.5 }, color: { method: DriftMethod.jensenshannon } },
    });
    expect(result.columns.map((c) => [c.column, c.method, c.threshold])).toEqual([
      ['x', 'psi', 0.5],
      ['heavy', 'wasserstein', 0.01],
      ['color', 'jensenshannon', 0.01],
      ['answer', 'ztest', 0.01],
    ]);
  });

  it('summarizes verdicts computed from counts or sketches', () => {
    const verdicts = [
      driftVerdict('a', DriftMethod.psi, { statistic: 0.12 }),
      driftVerdict('b', DriftMethod.ks, { statistic: 0.02, pValue: 0.3 }),
    ];
    expect(verdicts.map((v) => [v.threshold, v.pValue, v.drifted])).toEqual([
      [0.1, null, true],
      [0.05, 0.3, false],
    ]);
    expect(summarizeDrift(verdicts).datasetDrift).toBe(true);
    expect(() => driftVerdict('c', DriftMethod.chisquare, { statistic: 3 })).toThrow(DriftInputError);
    expect(() => summarizeDrift([])).toThrow(DriftInputError);
  });
});

describe('performance', () => {
  it('compares a 1,000,000-row window with a reference in well under a second per column', () => {
    const random = new Random(11);
    const window = random.array(1_000_000, (r) => r.normal(0.01));
    const small = random.array(1000, (r) => r.normal());
    const large = random.array(100_000, (r) => r.normal());
    const timings: Record<string, number> = {};
    for (const [name, ref, method] of [
      ['ks (default, 1000 rows)', small, undefined],
      ['wasserstein (default, 100k rows)', large, undefined],
      ['psi', small, DriftMethod.psi],
      ['jensenshannon', large, DriftMethod.jensenshannon],
    ] as const) {
      const start = performance.now();
      columnDrift(ref, window, method === undefined ? {} : { method });
      timings[name] = performance.now() - start;
    }
    // The bound leaves room for a loaded CI machine and Jest's slower vm context; typical timings are far lower.
    for (const [name, ms] of Object.entries(timings)) {
      expect([name, ms < 1500]).toEqual([name, true]);
    }
  });
});
