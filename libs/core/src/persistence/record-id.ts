import { customAlphabet } from 'nanoid';

const tail = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 23);

/**
 * Ids of events, deliveries and attempts: 24 characters, a letter then 23 of [0-9a-z] (about 119
 * random bits), cuid2's shape. Not cuid2 itself on this path: its SHA-3 costs about 20 µs an id and
 * each event makes three; webhooks, made by hand and rarely, keep cuid2.
 */
export function recordId(): string {
  return `c${tail()}`;
}
