import { r2Score, Random, Table, train } from '../src';

function linearTable(seed: number, n: number, noise: number): Table {
  const random = new Random(seed);
  const a = Float64Array.from({ length: n }, () => random.normal() * 3 + 10);
  const b = Float64Array.from({ length: n }, () => random.normal());
  const y = Float64Array.from({ length: n }, (_, i) => 4 + 2 * a[i]! - 5 * b[i]! + noise * random.normal());
  return Table.fromColumns({ a, b, y });
}

describe('linear and ridge regression', () => {
  it('OLS recovers an exact linear relation (in raw units, through the scaling)', () => {
    const table = linearTable(1, 200, 0);
    const result = train({ table, target: 'y', trainer: { type: 'linear_regression' } });
    const [a, b] = result.model.preparation.features;
    const coefficients = result.model.fit.coefficients;
    // A coefficient on (x − mean) / std is the raw slope times std.
    expect(a?.kind === 'numeric' && coefficients[0]! / a.std).toBeCloseTo(2, 10);
    expect(b?.kind === 'numeric' && coefficients[1]! / b.std).toBeCloseTo(-5, 10);
    expect(result.trainingLoss).toBeLessThan(1e-20);
    expect(result.model.fit.solver).toBe('cholesky');
  });

  it('ridge with alpha 0 is OLS; a larger alpha shrinks the coefficients but not the intercept', () => {
    const table = linearTable(2, 300, 1);
    const ols = train({ table, target: 'y', trainer: { type: 'linear_regression' } });
    const zero = train({ table, target: 'y', trainer: { type: 'ridge', params: { alpha: 0 } } });
    expect(Array.from(zero.model.fit.coefficients)).toEqual(Array.from(ols.model.fit.coefficients));
    const strong = train({ table, target: 'y', trainer: { type: 'ridge', params: { alpha: 1e6 } } });
    expect(Math.hypot(...strong.model.fit.coefficients)).toBeLessThan(0.1);
    // Prepared columns are centred, so an unpenalized intercept is the mean of y.
    const y = table.column('y').values as Float64Array;
    expect(strong.model.fit.intercept).toBeCloseTo(y.reduce((s, v) => s + v, 0) / y.length, 10);
    const predictions = ols.model.predict(table).prediction;
    expect(r2Score(y, predictions)).toBeGreaterThan(0.95);
  });

  it('reports progress once, with the training MSE', () => {
    const table = linearTable(3, 50, 0.5);
    const calls: Array<[number, number]> = [];
    const result = train({
      table,
      target: 'y',
      trainer: { type: 'ridge' },
      onProgress: (i, loss) => calls.push([i, loss]),
    });
    expect(calls).toEqual([[1, result.trainingLoss]]);
  });
});
