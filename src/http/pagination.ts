import { Type } from 'typebox';
import { type CursorPosition, decodeCursor } from '../lib/cursor.js';
import { badRequest } from './problem.js';

export const PaginationQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'page size' })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page' })),
};

/** @throws 400 invalid_cursor when the cursor was not made by us. */
export function readCursor(cursor: string | undefined): CursorPosition | null {
  if (cursor === undefined || cursor === '') return null;
  const position = decodeCursor(cursor);
  if (!position) throw badRequest('invalid_cursor', 'The cursor is not valid.');
  return position;
}

export const pageOf = <T extends import('typebox').TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
