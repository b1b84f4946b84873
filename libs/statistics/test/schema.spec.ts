import { diffSchemas, type ColumnSchema } from '@ferry/statistics';

const schema = (...columns: Array<[string, ColumnSchema['type'], boolean]>): ColumnSchema[] =>
  columns.map(([name, type, nullable]) => ({ name, type, nullable }));

describe('diffSchemas', () => {
  it('finds nothing between equal schemas', () => {
    const s = schema(['a', 'numeric', false], ['b', 'text', true]);
    expect(diffSchemas(s, s)).toEqual([]);
  });

  it('flags a removed column and a changed type as breaking', () => {
    expect(
      diffSchemas(schema(['a', 'numeric', false], ['b', 'categorical', false]), schema(['b', 'text', false])),
    ).toEqual([
      { column: 'a', change: 'removed', from: 'numeric', breaking: true },
      { column: 'b', change: 'type_changed', from: 'categorical', to: 'text', breaking: true },
    ]);
  });

  it('does not flag an added column nor nullable → non-null', () => {
    expect(
      diffSchemas(schema(['a', 'numeric', true]), schema(['a', 'numeric', false], ['c', 'boolean', true])),
    ).toEqual([
      { column: 'a', change: 'nullability_changed', from: 'nullable', to: 'non-null', breaking: false },
      { column: 'c', change: 'added', to: 'boolean', breaking: false },
    ]);
  });

  it('flags non-null → nullable as breaking, and reports both changes of one column', () => {
    expect(diffSchemas(schema(['a', 'numeric', false]), schema(['a', 'categorical', true]))).toEqual([
      { column: 'a', change: 'type_changed', from: 'numeric', to: 'categorical', breaking: true },
      { column: 'a', change: 'nullability_changed', from: 'non-null', to: 'nullable', breaking: true },
    ]);
  });

  it('ignores column order', () => {
    expect(
      diffSchemas(
        schema(['a', 'text', false], ['b', 'text', false]),
        schema(['b', 'text', false], ['a', 'text', false]),
      ),
    ).toEqual([]);
  });
});
