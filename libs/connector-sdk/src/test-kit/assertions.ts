/**
 * Checks that `value` survives `JSON.stringify` unchanged in meaning: only plain objects, arrays,
 * strings, finite numbers, booleans and null (undefined object properties are allowed: JSON drops them).
 * Throws with the path of the first offending value, so a failing spec points at the field.
 */
export function assertJsonSerialisable(value: unknown, path = 'body'): void {
  walk(value, path, new Set());
}

function walk(value: unknown, path: string, ancestors: Set<object>): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}, which JSON turns into null`);
    return;
  }
  if (typeof value !== 'object') throw new Error(`${path} is a ${typeof value}, which JSON cannot carry`);
  if (ancestors.has(value)) throw new Error(`${path} refers back to itself`);
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    throw new Error(`${path} is a ${proto?.constructor?.name ?? 'non-plain object'}, not a plain object`);
  }
  ancestors.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, ancestors));
  } else {
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) walk(item, `${path}.${key}`, ancestors);
    }
  }
  ancestors.delete(value);
}
