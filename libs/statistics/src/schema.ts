import type { ColumnSchema, DatasetProfile } from './types';

/** One difference between two versions of a dataset's schema. */
export interface SchemaChange {
  column: string;
  change: 'added' | 'removed' | 'type_changed' | 'nullability_changed';
  /** The type (added/removed/type_changed) or "nullable"/"non-null" before the change. */
  from?: string;
  /** The same, after the change. */
  to?: string;
  /** Whether consumers of the previous schema (models, pipelines) can break on the next one. */
  breaking: boolean;
}

/** The schema part of a profile. */
export function schemaOf(profile: DatasetProfile): ColumnSchema[] {
  return profile.columns.map(({ name, type, nullable }) => ({ name, type, nullable }));
}

const nullability = (nullable: boolean): string => (nullable ? 'nullable' : 'non-null');

/**
 * Changes from previous to next, in previous' column order then added columns in next's order. Breaking: a
 * removed column, a changed type, a non-null column becoming nullable (consumers did not expect missing values).
 * Not breaking: an added column, a nullable column becoming non-null.
 */
export function diffSchemas(previous: ColumnSchema[], next: ColumnSchema[]): SchemaChange[] {
  const nextByName = new Map(next.map((column) => [column.name, column]));
  const previousNames = new Set(previous.map((column) => column.name));
  const changes: SchemaChange[] = [];
  for (const before of previous) {
    const after = nextByName.get(before.name);
    if (after === undefined) {
      changes.push({ column: before.name, change: 'removed', from: before.type, breaking: true });
      continue;
    }
    if (after.type !== before.type) {
      changes.push({ column: before.name, change: 'type_changed', from: before.type, to: after.type, breaking: true });
    }
    if (after.nullable !== before.nullable) {
      changes.push({
        column: before.name,
        change: 'nullability_changed',
        from: nullability(before.nullable),
        to: nullability(after.nullable),
        breaking: after.nullable,
      });
    }
  }
  for (const after of next) {
    if (!previousNames.has(after.name)) {
      changes.push({ column: after.name, change: 'added', to: after.type, breaking: false });
    }
  }
  return changes;
}
