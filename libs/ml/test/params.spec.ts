import { ErrorCode } from '@ferry/contracts';
import { Table, train, TrainerParamError, type TrainOptions } from '../src';

const table = Table.fromColumns({
  x: [1, 2, 3, 4, 5, 6],
  c: ['a', 'b', 'a', 'b', 'a', null],
  y: ['p', 'q', 'p', 'q', 'q', 'p'],
  v: [1.5, 2, 3.5, 4, 5.5, 6],
  one: ['k', 'k', 'k', 'k', 'k', 'k'],
});

// Type-checks what a service would pass from JSON: anything.
const attempt = (options: Record<string, unknown>): (() => unknown) => {
  return () => train({ table, ...options } as unknown as TrainOptions);
};

describe('TrainerParamError for bad requests, naming the parameter', () => {
  it.each([
    ['k', { trainer: { type: 'kmeans', params: {} } }],
    ['k', { trainer: { type: 'kmeans', params: { k: 0 } } }],
    ['k', { trainer: { type: 'kmeans', params: { k: 2.5 } } }],
    ['k', { trainer: { type: 'kmeans', params: { k: 7 } } }],
    ['k', { trainer: { type: 'kmeans', params: { k: '3' } } }],
    ['nInit', { trainer: { type: 'kmeans', params: { k: 2, nInit: 0 } } }],
    ['tolerance', { trainer: { type: 'kmeans', params: { k: 2, tolerance: -1 } } }],
    ['C', { target: 'y', trainer: { type: 'logistic_regression', params: { C: 0 } } }],
    ['C', { target: 'y', trainer: { type: 'logistic_regression', params: { C: Number.NaN } } }],
    ['maxIterations', { target: 'y', trainer: { type: 'logistic_regression', params: { maxIterations: 0 } } }],
    ['alpha', { target: 'v', trainer: { type: 'ridge', params: { alpha: -1 } } }],
    ['alpha', { target: 'v', trainer: { type: 'linear_regression', params: { alpha: 1 } } }],
    ['gamma', { target: 'y', trainer: { type: 'logistic_regression', params: { gamma: 1 } } }],
    ['trainer.type', { trainer: { type: 'random_forest' } }],
    ['trainer.params', { target: 'v', trainer: { type: 'ridge', params: [1] } }],
    ['target', { trainer: { type: 'logistic_regression' } }],
    ['target', { target: 'nope', trainer: { type: 'ridge' } }],
    ['target', { target: 'y', trainer: { type: 'ridge' } }],
    ['target', { target: 'v', trainer: { type: 'logistic_regression' } }],
    ['target', { target: 'one', trainer: { type: 'logistic_regression' } }],
    ['features', { target: 'y', features: [], trainer: { type: 'logistic_regression' } }],
    ['features', { target: 'y', features: ['x', 'nope'], trainer: { type: 'logistic_regression' } }],
    ['features', { target: 'y', features: ['x', 'y'], trainer: { type: 'logistic_regression' } }],
    ['features', { target: 'y', features: ['x', 'x'], trainer: { type: 'logistic_regression' } }],
    ['topK', { target: 'y', trainer: { type: 'logistic_regression' }, preparation: { topK: 0 } }],
    ['seed', { target: 'v', trainer: { type: 'ridge' }, seed: 1.5 }],
  ])('%s: %j', (parameter, options) => {
    const run = attempt(options);
    expect(run).toThrow(TrainerParamError);
    expect(run).toThrow(expect.objectContaining({ parameter, code: ErrorCode.BAD_USER_INPUT }));
  });

  it('refuses an empty table and a feature named like a model output', () => {
    const empty = table.select([]);
    expect(() => train({ table: empty, target: 'v', trainer: { type: 'ridge' } })).toThrow(
      expect.objectContaining({ parameter: 'table' }),
    );
    expect(() => train({ table: empty, trainer: { type: 'kmeans', params: { k: 1 } } })).toThrow(
      expect.objectContaining({ parameter: 'table' }),
    );
    const clash = Table.fromColumns({ prediction: [1, 2, 3], v: [1, 2, 3] });
    expect(() => train({ table: clash, target: 'v', trainer: { type: 'ridge' } })).toThrow(
      expect.objectContaining({ parameter: 'features' }),
    );
  });

  it('fills in defaults and returns the resolved hyperparameters', () => {
    expect(train({ table, trainer: { type: 'kmeans', params: { k: 2 } } }).params).toEqual({
      k: 2,
      nInit: 10,
      maxIterations: 300,
      tolerance: 1e-4,
    });
    expect(train({ table, target: 'y', trainer: { type: 'logistic_regression' } }).params).toEqual({
      C: 1,
      maxIterations: 1000,
      tolerance: 1e-7,
    });
    expect(train({ table, target: 'v', trainer: { type: 'ridge' } }).params).toEqual({ alpha: 1 });
    expect(train({ table, target: 'v', trainer: { type: 'linear_regression' } }).params).toEqual({});
  });
});
