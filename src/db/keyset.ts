import type { Expression, ExpressionBuilder, SqlBool, StringReference } from 'kysely';
import type { CursorPosition } from '../lib/cursor.js';

/**
 * The keyset-pagination predicate of every list: the rows that come after `position` in
 * (created_at, id) order — later ones for `asc` lists, earlier ones for `desc` (newest first).
 * `id` is the tie-breaker column of the list (the row id, or the other key of a join row).
 *
 * @example query.where((eb) => afterCursor(eb, 'created_at', 'id', 'desc', before))
 */
export function afterCursor<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  createdAtColumn: StringReference<DB, TB>,
  idColumn: StringReference<DB, TB>,
  order: 'asc' | 'desc',
  position: CursorPosition,
): Expression<SqlBool> {
  const op = order === 'asc' ? '>' : '<';
  // both columns hold text; the generic reference does not tell TypeScript so
  const createdAt = eb.ref(createdAtColumn) as Expression<string>;
  const id = eb.ref(idColumn) as Expression<string>;
  return eb.and([
    // implied by the rest, but an index bound: a deep page starts at the cursor, not at the top
    eb(createdAt, order === 'asc' ? '>=' : '<=', position.createdAt),
    eb.or([eb(createdAt, op, position.createdAt), eb.and([eb(createdAt, '=', position.createdAt), eb(id, op, position.id)])]),
  ]);
}
