import { BadRequestException } from '@nestjs/common';

/** Keyset pagination: the last row's (createdAt, cuid), opaque to the client. */
export function encodeCursor(createdAt: Date, cuid: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${cuid}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; cuid: string } {
  const [iso, cuid] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!cuid || Number.isNaN(createdAt.getTime()))
    throw new BadRequestException(['cursor is not a valid cursor']);
  return { createdAt, cuid };
}

/**
 * One page from rows fetched with `limit + 1`: the extra row only says there is a next page, whose
 * cursor is the last shown row.
 */
export function keysetPage<Row extends { createdAt: Date; cuid: string }, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.cuid) : null,
  };
}
