import { badInput } from './errors';

/** One page of a list, as every store returns it; GraphQL turns it into a connection. */
export interface Page<T> {
  items: T[];
  /** The cursor of each item, in order. */
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

/** What a caller asks of a list: how many, after which cursor. */
export interface PageRequest {
  first: number;
  after: string | undefined;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Checks `first` and `after` from a client; throws BAD_USER_INPUT naming the argument. */
export function pageRequest(first: number | undefined | null, after: string | undefined | null): PageRequest {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(`first must be an integer between 0 and ${MAX_PAGE_SIZE}, got ${size}`, { field: 'first' });
  }
  if (after !== undefined && after !== null) {
    decodeCursor(after);
  }
  return { first: size, after: after ?? undefined };
}

/** An opaque cursor for a sort key. */
export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

/** The sort key inside a cursor; throws BAD_USER_INPUT for one this API did not hand out. */
export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k:')) {
    throw badInput('after is not a cursor returned by this API', { field: 'after' });
  }
  return text.slice(2);
}
