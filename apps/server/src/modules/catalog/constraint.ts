/**
 * Whether `err` is the database refusing a duplicate on `table`'s unique (org_id, `column`) pair. The
 * service checks first and reports nicely; this catches the race where another request inserts the same
 * value between that check and our insert (PostgreSQL), so it still ends as a 409, not a 500.
 */
export function isUniqueViolation(err: unknown, table: string, column: string, constraint: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, constraint: violated, message } = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (code === '23505') return violated === constraint; // PostgreSQL
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes(`${table}.${column}`);
}

export const isSkuCodeClash = (err: unknown) => isUniqueViolation(err, 'skus', 'sku_code', 'skus_org_code');
export const isBrandNameClash = (err: unknown) => isUniqueViolation(err, 'brands', 'name', 'brands_org_name');

/** Values that occur more than once, each reported once. */
export function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}
