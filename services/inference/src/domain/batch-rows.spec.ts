import { FerryError } from '@ferry/contracts';

import { csvLine, featureColumns, modelInput, outputCells } from './batch-rows';
import type { ServingSignature } from './ports';

const tensor = (name: string, elementType: string, shape: Array<number | string | null>) => ({
  name,
  type: `tensor(${elementType})`,
  elementType,
  shape,
});
const matrix: ServingSignature = { inputs: [tensor('X', 'float', ['N', 3])], outputs: [] };
const perColumn: ServingSignature = {
  inputs: [tensor('age', 'float', ['N', 1]), tensor('country', 'string', ['N', 1]), tensor('vip', 'bool', ['N', 1])],
  outputs: [],
};

describe('featureColumns', () => {
  it('feeds a matrix input from the named columns, in order, else from columns named X[i]', () => {
    const plan = featureColumns(matrix, ['c', 'a', 'b'], ['a', 'b', 'c', 'id']);
    expect(plan.matrixInput).toBe('X');
    expect(plan.columns.map((c) => [c.feature, c.column])).toEqual([
      ['X[0]', 'c'],
      ['X[1]', 'a'],
      ['X[2]', 'b'],
    ]);
    expect(featureColumns(matrix, null, ['X[0]', 'X[1]', 'X[2]']).columns.map((c) => c.column)).toEqual([
      'X[0]',
      'X[1]',
      'X[2]',
    ]);
  });

  it('feeds one-input-per-column models by name, and refuses what does not fit with BAD_USER_INPUT', () => {
    expect(featureColumns(perColumn, null, ['vip', 'age', 'country']).matrixInput).toBeNull();
    const refused = [
      () => featureColumns(matrix, null, ['a', 'b', 'c']),
      () => featureColumns(matrix, ['a', 'b'], ['a', 'b', 'c']),
      () => featureColumns(perColumn, ['age'], ['age', 'country', 'vip']),
      () => featureColumns(perColumn, null, ['age', 'country']),
    ];
    for (const attempt of refused) {
      expect(attempt).toThrow(FerryError);
      try {
        attempt();
      } catch (error) {
        expect((error as FerryError).code).toBe('BAD_USER_INPUT');
      }
    }
  });
});

describe('modelInput', () => {
  it('converts CSV cells to the input types: numbers, missing as null, booleans, strings kept', () => {
    const plan = featureColumns(perColumn, null, ['age', 'country', 'vip']);
    const input = modelInput(
      [
        { age: ' 42 ', country: 'fr', vip: 'true' },
        { age: 'NA', country: '', vip: '0' },
        { age: 'old', country: 'de', vip: 'maybe' },
      ],
      plan,
    );
    expect(input).toEqual({
      kind: 'rows',
      rows: [
        { age: 42, country: 'fr', vip: true },
        { age: null, country: '', vip: false },
        // Left as they are, so the model's validation names them.
        { age: 'old', country: 'de', vip: 'maybe' },
      ],
    });
  });

  it('builds one flat tensor for a matrix input; JSON values pass through', () => {
    const plan = featureColumns(matrix, ['a', 'b', 'c'], ['a', 'b', 'c']);
    expect(
      modelInput(
        [
          { a: '1', b: '2', c: '' },
          { a: 4, b: 5, c: 6 },
        ],
        plan,
      ),
    ).toEqual({ kind: 'tensors', tensors: { X: { data: [1, 2, null, 4, 5, 6], shape: [2, 3] } } });
  });
});

describe('outputCells and csvLine', () => {
  it('flattens outputs: scalars, lists as name[i], maps as name[key], bigints as numbers', () => {
    expect(outputCells({ label: 2n, scores: [0.1, 0.9], probabilities: { yes: 0.7, no: 0.3 }, deep: [[1]] })).toEqual({
      label: 2,
      'scores[0]': 0.1,
      'scores[1]': 0.9,
      'probabilities[yes]': 0.7,
      'probabilities[no]': 0.3,
      'deep[0]': '[1]',
    });
  });

  it('quotes cells as RFC 4180 asks', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', null, 1.5, 'x\ny'])).toBe('a,"b,c","say ""hi""",,1.5,"x\ny"\n');
  });
});
