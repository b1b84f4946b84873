/** Whether a driver error is a unique-constraint violation (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_*). */
export function isUniqueViolation(error: unknown): boolean {
  const code = String((error as { driverError?: { code?: string } }).driverError?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}
