import { FerryError } from './errors';
import { validateResourceName } from './names';
import { decodeCursor, encodeCursor, pageRequest } from './pagination';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof FerryError ? error.code : 'not a FerryError';
  }
  return undefined;
}

describe('resource names', () => {
  it('accepts safe names, trimmed', () => {
    expect(validateResourceName('name', '  churn-v2_a ')).toBe('churn-v2_a');
  });

  it.each(['', '   ', 'has space', 'dot.ted', 'star*', '>', '-leading', 'x'.repeat(129)])('refuses %p', (name) => {
    expect(codeOf(() => validateResourceName('name', name))).toBe('BAD_USER_INPUT');
  });
});

describe('pagination', () => {
  it('round-trips cursors and refuses foreign ones', () => {
    expect(decodeCursor(encodeCursor('abc'))).toBe('abc');
    expect(codeOf(() => decodeCursor('bm9wZQ'))).toBe('BAD_USER_INPUT');
  });

  it('checks page sizes', () => {
    expect(pageRequest(undefined, undefined)).toEqual({ first: 50, after: undefined });
    expect(codeOf(() => pageRequest(-1, undefined))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => pageRequest(501, undefined))).toBe('BAD_USER_INPUT');
  });
});
