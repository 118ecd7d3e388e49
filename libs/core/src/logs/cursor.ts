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
