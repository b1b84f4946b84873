import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  accuracy,
  adjustedRandIndex,
  inertia,
  logLoss,
  meanAbsoluteError,
  precisionRecallF1,
  r2Score,
  readTable,
  rocAuc,
  rootMeanSquaredError,
  type Table,
  train,
} from '../src';

// Written by fixtures/make_fixtures.py with scikit-learn: nothing here needs Python.
const FIXTURES = path.join(__dirname, 'fixtures');
const reference = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'reference.json'), 'utf8'));
const load = (name: string): Promise<Table> => readTable(fs.createReadStream(path.join(FIXTURES, name)));

function expectClose(actual: ArrayLike<number>, expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  }
  expect(worst).toBeLessThan(tolerance);
}

describe('linear models match scikit-learn (regression.csv)', () => {
  const ref = reference.regression;
  let table: Table;
  beforeAll(async () => {
    table = await load('regression.csv');
  });

  it.each([1, 10])('Ridge(alpha=%d) to 1e-6', (alpha) => {
    const expected = ref[`ridge_${alpha}`];
    const result = train({
      table,
      target: 'y',
      trainer: { type: 'ridge', params: { alpha } },
      preparation: { topK: 4 },
    });
    expect(result.model.preparation.columnNames).toEqual(ref.columns);
    expect(result.model.fit.solver).toBe('cholesky');
    expectClose(result.model.fit.coefficients, expected.coefficients, 1e-6);
    expect(Math.abs(result.model.fit.intercept - expected.intercept)).toBeLessThan(1e-6);
    expectClose(result.model.predict(table).prediction, expected.predictions, 1e-6);
  });

  it('LinearRegression (OLS, rank-deficient one-hot block): the minimum-norm solution to 1e-6', () => {
    const result = train({ table, target: 'y', trainer: { type: 'linear_regression' }, preparation: { topK: 4 } });
    expect(result.model.fit.solver).toBe('minimum_norm');
    expectClose(result.model.fit.coefficients, ref.ols.coefficients, 1e-6);
    expect(Math.abs(result.model.fit.intercept - ref.ols.intercept)).toBeLessThan(1e-6);
    expectClose(result.model.predict(table).prediction, ref.ols.predictions, 1e-6);
  });
});

describe('logistic regression matches scikit-learn (classification.csv)', () => {
  const ref = reference.classification;
  let table: Table;
  beforeAll(async () => {
    table = await load('classification.csv');
  });

  // newton-cg run to a tight tolerance is the optimum itself; lbfgs stops once the mean loss decreases by less than
  // 64 machine epsilons, which on this data leaves it ~1.5e-4 from the optimum, hence the looser bound.
  it.each([
    ['binary, string labels', 'binary', 'animal'],
    ['multinomial, integer labels', 'multinomial', 'grade'],
  ])('%s: the optimum to 1e-6, scikit-learn lbfgs to 5e-4', (_, key, target) => {
    const expected = ref[key];
    const result = train({
      table,
      target,
      features: ['x1', 'x2', 'x3', 'shape'],
      trainer: { type: 'logistic_regression', params: { C: expected.C, tolerance: 1e-10 } },
      preparation: { topK: 4 },
    });
    expect(result.model.preparation.columnNames).toEqual(ref.columns);
    expect(result.model.classes).toEqual(expected.classes);
    expect(result.model.fit.converged).toBe(true);
    expectClose(result.model.fit.coefficients, expected.newton_cg.coefficients, 1e-6);
    expectClose(result.model.fit.intercepts, expected.newton_cg.intercepts, 1e-6);
    expectClose(result.model.predict(table).probabilities, expected.newton_cg.probabilities, 1e-7);
    expectClose(result.model.fit.coefficients, expected.lbfgs.coefficients, 5e-4);
    expectClose(result.model.fit.intercepts, expected.lbfgs.intercepts, 5e-4);
  });
});

describe('metrics match scikit-learn to 1e-9', () => {
  const ref = reference.metrics;
  const close = (actual: number, expected: number): void => expect(Math.abs(actual - expected)).toBeLessThan(1e-9);

  it('binary: accuracy, precision, recall, F1, ROC AUC with ties, clipped log loss', () => {
    const { truth, predicted, positive, scores } = ref.binary;
    close(accuracy(truth, predicted), ref.binary.accuracy);
    const { precision, recall, f1 } = precisionRecallF1(truth, predicted, { average: 'binary', positive });
    close(precision, ref.binary.precision);
    close(recall, ref.binary.recall);
    close(f1, ref.binary.f1);
    expect(new Set(scores).size).toBeLessThan(20);
    close(rocAuc(truth, scores, positive), ref.binary.rocAuc);
    expect(scores).toContain(0);
    close(logLoss(truth, scores, ['neg', 'pos']), ref.binary.logLoss);
  });

  it('multiclass: accuracy, macro precision / recall / F1 (a predicted label absent from the truth), log loss', () => {
    const m = ref.multiclass;
    close(accuracy(m.truth, m.predicted), m.accuracy);
    const macro = precisionRecallF1(m.truth, m.predicted, { average: 'macro' });
    close(macro.precision, m.precisionMacro);
    close(macro.recall, m.recallMacro);
    close(macro.f1, m.f1Macro);
    close(logLoss(m.truth, m.probabilities, m.classes), m.logLoss);
  });

  it('regression: MAE, RMSE, R²', () => {
    const r = ref.regression;
    close(meanAbsoluteError(r.truth, r.predicted), r.mae);
    close(rootMeanSquaredError(r.truth, r.predicted), r.rmse);
    close(r2Score(r.truth, r.predicted), r.r2);
  });

  it('clustering: adjusted Rand index, inertia', () => {
    const c = ref.clustering;
    close(adjustedRandIndex(c.a, c.b), c.ari);
    close(inertia(c.x, 3, c.centers, c.a), c.inertia);
  });
});
