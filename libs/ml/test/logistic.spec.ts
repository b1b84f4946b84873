import { accuracy, type ClassifierPredictions, Table, train } from '../src';
import { softmaxData } from './support/data';

/** Accuracy of the generating model's own (Bayes-optimal) decisions: the most probable class under the truth. */
function bayesAccuracy(table: Table, probabilities: Float64Array, classes: readonly (string | number)[]): number {
  const k = classes.length;
  const decisions = Array.from({ length: table.rowCount }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) {
      best = probabilities[i * k + c]! > probabilities[i * k + best]! ? c : best;
    }
    return classes[best]!;
  });
  const truth = table.column('y').values as ArrayLike<string | number>;
  return accuracy(Array.from(truth), decisions);
}

const labelsOf = (table: Table): Array<string | number> => {
  const column = table.column('y');
  return column.kind === 'numeric' ? Array.from(column.values) : [...column.values].map((value) => value!);
};

describe('logistic regression', () => {
  it('binary: reaches the accuracy of the generating model within 1 point on a fresh test set', () => {
    const weights = [[1.5, -2, 0.5, 0, 1]];
    const train0 = softmaxData(1, 4000, weights, [0.3], [0, 1]);
    const test = softmaxData(2, 20000, weights, [0.3], [0, 1]);
    const result = train({ table: train0.table, target: 'y', trainer: { type: 'logistic_regression' } });
    expect(result.model.classes).toEqual([0, 1]);
    const predicted: ClassifierPredictions = result.model.predict(test.table);
    const bayes = bayesAccuracy(test.table, test.probabilities, [0, 1]);
    expect(bayes).toBeGreaterThan(0.75);
    expect(accuracy(labelsOf(test.table), predicted.label)).toBeGreaterThanOrEqual(bayes - 0.01);
  });

  it('multinomial: reaches the accuracy of the generating model within 1 point on a fresh test set', () => {
    const classes = ['ant', 'bee', 'cat', 'dog'];
    const weights = [
      [2, 0, -1, 0.5],
      [-1, 2, 0, 0],
      [0, -1.5, 2, -0.5],
      [-1, -0.5, -1, 1.5],
    ];
    const intercepts = [0, 0.5, -0.3, 0.2];
    const train0 = softmaxData(3, 6000, weights, intercepts, classes);
    const test = softmaxData(4, 20000, weights, intercepts, classes);
    const result = train({ table: train0.table, target: 'y', trainer: { type: 'logistic_regression' } });
    expect(result.model.classes).toEqual(classes);
    const predicted = result.model.predict(test.table);
    const bayes = bayesAccuracy(test.table, test.probabilities, classes);
    expect(bayes).toBeGreaterThan(0.6);
    expect(accuracy(labelsOf(test.table), predicted.label)).toBeGreaterThanOrEqual(bayes - 0.01);
  });

  it('reports a decreasing loss as it goes and is deterministic', () => {
    const { table } = softmaxData(5, 500, [[1, 1]], [0], ['no', 'yes']);
    const losses: number[] = [];
    const first = train({
      table,
      target: 'y',
      trainer: { type: 'logistic_regression', params: { C: 0.1 } },
      onProgress: (_, loss) => losses.push(loss),
    });
    expect(losses.length).toBe(first.model.fit.iterations);
    expect(losses.at(-1)).toBe(first.trainingLoss);
    for (let i = 1; i < losses.length; i++) {
      expect(losses[i]!).toBeLessThanOrEqual(losses[i - 1]! + 1e-12);
    }
    const second = train({ table, target: 'y', trainer: { type: 'logistic_regression', params: { C: 0.1 } } });
    expect(second.onnx).toEqual(first.onnx);
  });

  it('penalizes less as C grows (C = Infinity: no penalty)', () => {
    const { table } = softmaxData(6, 300, [[2, -1]], [0], [0, 1]);
    const norm = (C: number): number => {
      const result = train({ table, target: 'y', trainer: { type: 'logistic_regression', params: { C } } });
      return Math.hypot(...result.model.fit.coefficients);
    };
    const [small, medium, none] = [norm(0.01), norm(1), norm(Number.POSITIVE_INFINITY)];
    expect(small).toBeLessThan(medium);
    expect(medium).toBeLessThan(none);
  });

  it('drops rows whose target is missing', () => {
    const table = Table.fromColumns({
      x: [0, 1, 2, 3, 4, 5, 6, 7],
      y: ['a', 'a', null, 'b', 'a', 'b', null, 'b'],
    });
    const result = train({ table, target: 'y', trainer: { type: 'logistic_regression' } });
    expect(result.rowCount).toBe(6);
    expect(result.model.classes).toEqual(['a', 'b']);
  });
});
