import { cell, formatNumber, renderFields, renderTable } from './table';

describe('tables', () => {
  it('aligns columns, right-aligns numbers, shows nothing as "-" and capitalises headings', () => {
    const rows = [
      { name: 'propensity', versions: 12, aliases: ['production'] },
      { name: 'segments', versions: 3, aliases: [] },
    ];
    const text = renderTable(rows, [
      { header: 'name', value: (r) => r.name },
      { header: 'versions', value: (r) => r.versions, right: true },
      { header: 'aliases', value: (r) => r.aliases },
    ]);
    expect(text.split('\n')).toEqual([
      'NAME        VERSIONS  ALIASES',
      'propensity        12  production',
      'segments           3  -',
    ]);
  });

  it('shows numbers, dates and objects for reading', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(0.0000123)).toBe('1.230e-5');
    expect(cell('2026-11-27T10:41:48.123Z')).toBe('2026-11-27 10:41:48');
    expect(cell({ accuracy: 0.91234, f1: 0.5 })).toBe('accuracy=0.9123 f1=0.5');
    expect(cell(null)).toBe('-');
    expect(
      renderFields([
        ['model', 'propensity'],
        ['created by', undefined],
      ]),
    ).toBe('model:      propensity\ncreated by: -');
  });
});
