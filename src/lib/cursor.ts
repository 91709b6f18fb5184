/** Keyset pagination cursors: an opaque base64url of the last row's (createdAt, id). */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id]), 'utf8').toString('base64url');
}

/** Returns null when the cursor is not one of ours; callers answer 400 invalid_cursor. */
export function decodeCursor(cursor: string): CursorPosition | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { createdAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  return null;
}

/**
 * Turns `limit + 1` fetched rows into one page: the extra row only tells that there is more.
 */
export function toPage<Row extends { created_at: string; id: string }, Item>(
  rows: Row[],
  limit: number,
  view: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(view),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

/** Every page of a keyset-paged list (a service's `list`), in order: the data export reads whole lists. */
export async function everyPage<T>(page: (before: CursorPosition | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let before: CursorPosition | null = null;
  for (;;) {
    const { items, nextCursor } = await page(before);
    all.push(...items);
    if (!nextCursor) return all;
    before = decodeCursor(nextCursor);
    if (!before) throw new Error('a list answered a cursor it cannot read');
  }
}
