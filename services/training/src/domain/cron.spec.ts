import { CronError, parseCron, validCron } from './cron';

const at = (iso: string): Date => new Date(iso);
const next = (expression: string, after: string): string => parseCron(expression).next(at(after)).toISOString();

describe('cron schedules (UTC)', () => {
  it('fires at the next matching minute, strictly after the given time', () => {
    expect(next('* * * * *', '2025-03-10T10:15:30Z')).toBe('2025-03-10T10:16:00.000Z');
    expect(next('* * * * *', '2025-03-10T10:15:00Z')).toBe('2025-03-10T10:16:00.000Z');
    expect(next('*/15 * * * *', '2025-03-10T10:15:00Z')).toBe('2025-03-10T10:30:00.000Z');
    expect(next('0 * * * *', '2025-03-10T23:59:00Z')).toBe('2025-03-11T00:00:00.000Z');
    expect(next('30 2 * * *', '2025-03-10T02:30:00Z')).toBe('2025-03-11T02:30:00.000Z');
  });

  it('takes ranges, steps, lists and names', () => {
    expect(next('0 9-17/4 * * *', '2025-03-10T09:00:00Z')).toBe('2025-03-10T13:00:00.000Z');
    expect(next('5,35 * * * *', '2025-03-10T10:06:00Z')).toBe('2025-03-10T10:35:00.000Z');
    expect(next('0 0 1 jan,jul *', '2025-03-10T00:00:00Z')).toBe('2025-07-01T00:00:00.000Z');
    expect(next('0 12 * * mon-fri', '2025-03-08T00:00:00Z')).toBe('2025-03-10T12:00:00.000Z'); // a Saturday → Monday
    expect(next('10/20 * * * *', '2025-03-10T10:00:00Z')).toBe('2025-03-10T10:10:00.000Z');
  });

  it('treats day-of-week 7 as Sunday and ORs the two day fields when both are restricted', () => {
    expect(next('0 0 * * 7', '2025-03-10T00:00:00Z')).toBe('2025-03-16T00:00:00.000Z');
    // The 13th or any Friday: Friday 14 March comes after Thursday 13 March.
    expect(next('0 0 13 * 5', '2025-03-12T00:00:00Z')).toBe('2025-03-13T00:00:00.000Z');
    expect(next('0 0 13 * 5', '2025-03-13T00:00:00Z')).toBe('2025-03-14T00:00:00.000Z');
  });

  it('finds 29 February and rolls over months and years', () => {
    expect(next('0 0 29 2 *', '2025-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 0 31 * *', '2025-04-01T00:00:00Z')).toBe('2025-05-31T00:00:00.000Z');
    expect(next('@yearly', '2025-06-01T00:00:00Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(next('@hourly', '2025-06-01T00:00:00Z')).toBe('2025-06-01T01:00:00.000Z');
    expect(next('@weekly', '2025-03-10T00:00:00Z')).toBe('2025-03-16T00:00:00.000Z');
  });

  it.each([
    ['* * * *', /5 fields/],
    ['60 * * * *', /minute: 60 is outside 0–59/],
    ['* 24 * * *', /hour/],
    ['* * 0 * *', /day of month/],
    ['* * * 13 *', /month/],
    ['* * * * 8', /day of week/],
    ['*/0 * * * *', /step/],
    ['5-1 * * * *', /backwards/],
    ['a * * * *', /not a number/],
    ['1,,2 * * * *', /empty/],
    ['0 0 30 2 *', /never fires/],
  ])('refuses "%s"', (expression, problem) => {
    expect(() => validCron(expression)).toThrow(CronError);
    expect(() => validCron(expression)).toThrow(problem);
  });
});
