import { cleanJson, cleanText, JsonTooDeepError, MAX_JSON_DEPTH } from './json-hygiene';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('cleanText', () => {
  it('replaces NUL and lone surrogates, keeps pairs and everything else', () => {
    expect(cleanText('a\0b')).toBe('a\ufffdb');
    expect(cleanText('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(cleanText('rocket 🚀 tab\t')).toBe('rocket 🚀 tab\t');
  });
});

describe('cleanJson', () => {
  it('cleans strings at any depth, in arrays and in keys', () => {
    const body = { name: 'n\0', list: ['\ud83d', { 'k\0': 'v\udfff' }], n: 1, ok: true, nil: null };
    expect(cleanJson(body)).toEqual({
      name: 'n\ufffd',
      list: ['\ufffd', { 'k\ufffd': 'v\ufffd' }],
      n: 1,
      ok: true,
      nil: null,
    });
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(() => cleanJson(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => cleanJson(nested(MAX_JSON_DEPTH + 1))).toThrow(JsonTooDeepError);
  });

  it('refuses 10,000 levels without using the call stack', () => {
    expect(() => cleanJson(JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)))).toThrow(
      `Request body nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
  });

  it('passes scalars through', () => {
    expect(cleanJson(5)).toBe(5);
    expect(cleanJson(null)).toBeNull();
    expect(cleanJson('\0')).toBe('\ufffd');
  });
});
