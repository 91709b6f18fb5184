import { describe, expect, it } from 'vitest';
import { type CursorPosition, encodeCursor, everyPage } from '../../src/lib/cursor.js';

describe('everyPage', () => {
  it('walks a keyset-paged list to its end, passing each page the cursor of the last', async () => {
    const seen: (CursorPosition | null)[] = [];
    const pages = [
      { items: [1, 2], nextCursor: encodeCursor({ createdAt: '2026-01-02', id: 'b' }) },
      { items: [3], nextCursor: null },
    ];
    const all = await everyPage(async (before) => {
      seen.push(before);
      return pages[seen.length - 1]!;
    });
    expect(all).toEqual([1, 2, 3]);
    expect(seen).toEqual([null, { createdAt: '2026-01-02', id: 'b' }]);
  });

  it('refuses a cursor it cannot read instead of starting over (which would loop)', async () => {
    await expect(everyPage(async () => ({ items: [1], nextCursor: 'not a cursor' }))).rejects.toThrow(/cursor/);
  });
});
