/** Text helpers every connector needs; shared here so destinations trim and measure the same way. */

const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` UTF-16 units (what JavaScript and most chat APIs count), ending
 * with an ellipsis when cut. Never splits a surrogate pair, so an emoji is never left half-encoded.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  let end = max - ELLIPSIS.length;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

/** Bytes the core will send for this body: it serialises once with `JSON.stringify`, as UTF-8. */
export function jsonBytes(body: unknown): number {
  return Buffer.byteLength(JSON.stringify(body), 'utf8');
}

/**
 * Cuts `text` (as `truncate` does) so that, as a JSON string with its quotes, it takes at most `maxBytes` UTF-8
 * bytes. Measured after JSON escaping, since quotes, newlines and control characters grow there.
 */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (jsonBytes(text) <= maxBytes) return text;
  let fits = 0;
  let tooLong = text.length;
  while (tooLong - fits > 1) {
    const mid = Math.floor((fits + tooLong) / 2);
    if (jsonBytes(truncate(text, mid)) <= maxBytes) fits = mid;
    else tooLong = mid;
  }
  return truncate(text, fits);
}

/**
 * `build(text)` with `text` cut (as `truncateToBytes` does) to the room the rest of the body leaves
 * within `maxBytes`: for a body whose every other field has a fixed cap, so the message gets the rest.
 */
export function fitToBytes<T>(build: (text: string) => T, text: string, maxBytes: number): T {
  // The empty text's two quote bytes are in the empty body and in the text's own measure.
  const room = maxBytes - jsonBytes(build('')) + jsonBytes('');
  return build(truncateToBytes(text, room));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
