import { decodeCursor, encodeCursor, type Page, type PageRequest } from '@ferry/contracts';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import type { NameFilter } from '../domain/ports';

/**
 * Runs a keyset-paginated query: rows ordered by one unique column, the cursor holding the last key.
 * `key` is the column as the query builder names it (e.g. `m.name`); `keyOf` reads it from a row.
 */
export async function keysetPage<Row extends ObjectLiteral, T>(
  query: SelectQueryBuilder<Row>,
  options: {
    key: string;
    direction: 'ASC' | 'DESC';
    numeric?: boolean;
    keyOf: (row: Row) => string | number;
    map: (row: Row) => T;
    page: PageRequest;
  },
): Promise<Page<T>> {
  const totalCount = await query.clone().getCount();
  const paged = query.clone().orderBy(options.key, options.direction);
  if (options.page.after !== undefined) {
    const raw = decodeCursor(options.page.after);
    const after = options.numeric === true ? Number(raw) : raw;
    paged.andWhere(`${options.key} ${options.direction === 'ASC' ? '>' : '<'} :after`, { after });
  }
  const rows = await paged.take(options.page.first + 1).getMany();
  const kept = rows.slice(0, options.page.first);
  return {
    items: kept.map(options.map),
    cursors: kept.map((row) => encodeCursor(String(options.keyOf(row)))),
    hasNextPage: rows.length > options.page.first,
    totalCount,
  };
}

/** Applies a name search (case-insensitive substring) and a tag filter to a query over `alias`. */
export function applyNameFilter<Row extends ObjectLiteral>(
  query: SelectQueryBuilder<Row>,
  alias: string,
  filter: NameFilter,
): SelectQueryBuilder<Row> {
  if (filter.search !== undefined && filter.search !== '') {
    query.andWhere(`LOWER(${alias}.name) LIKE :search`, { search: `%${escapeLike(filter.search.toLowerCase())}%` });
  }
  if (filter.tag !== undefined && filter.tag !== '') {
    // Tags are stored as a JSON array of strings: match the quoted element.
    query.andWhere(`${alias}.tags LIKE :tag`, { tag: `%${escapeLike(JSON.stringify(filter.tag))}%` });
  }
  return query;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
