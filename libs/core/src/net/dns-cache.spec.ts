import type { LookupAddress } from 'node:dns';
import { cachingLookup } from './dns-cache';
import type { HostLookup } from './host-resolver';

/** A resolver that answers each host from a list, one answer a call, counting its calls. */
function resolver(answers: Record<string, string[]>) {
  const lookup = jest.fn<ReturnType<HostLookup>, Parameters<HostLookup>>(async (hostname) => {
    const address = answers[hostname]?.shift();
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return [{ address, family: 4 }];
  });
  return lookup;
}

const first = (answer: readonly LookupAddress[]) => answer[0].address;

describe('cachingLookup', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = 1_000));

  it('answers a host from its first lookup until the time to live ends, then looks again', async () => {
    const lookup = resolver({ 'hooks.example': ['203.0.113.1', '203.0.113.2'] });
    const cached = cachingLookup(lookup, { ttlMs: 10_000, now });

    expect(first(await cached('hooks.example'))).toBe('203.0.113.1');
    clock += 9_999;
    expect(first(await cached('hooks.example'))).toBe('203.0.113.1');
    expect(lookup).toHaveBeenCalledTimes(1);

    clock += 1;
    expect(first(await cached('hooks.example'))).toBe('203.0.113.2');
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('keeps each host apart', async () => {
    const lookup = resolver({ 'a.example': ['203.0.113.1'], 'b.example': ['203.0.113.9'] });
    const cached = cachingLookup(lookup, { ttlMs: 10_000, now });

    expect(first(await cached('a.example'))).toBe('203.0.113.1');
    expect(first(await cached('b.example'))).toBe('203.0.113.9');
    expect(first(await cached('a.example'))).toBe('203.0.113.1');
    expect(lookup.mock.calls).toEqual([['a.example'], ['b.example']]);
  });

  it('makes one call for lookups of a host that overlap', async () => {
    const lookup = resolver({ 'hooks.example': ['203.0.113.1', '203.0.113.2'] });
    const cached = cachingLookup(lookup, { ttlMs: 10_000, now });

    const answers = await Promise.all([
      cached('hooks.example'),
      cached('hooks.example'),
      cached('hooks.example'),
    ]);
    expect(answers.map(first)).toEqual(['203.0.113.1', '203.0.113.1', '203.0.113.1']);
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('does not keep a failure: the next lookup asks again', async () => {
    const lookup = resolver({ 'late.example': [] });
    const cached = cachingLookup(lookup, { ttlMs: 10_000, now });

    await expect(cached('late.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(cached('late.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('forgets the least recently used host beyond maxHosts', async () => {
    const lookup = resolver({
      'a.example': ['203.0.113.1', '203.0.113.11'],
      'b.example': ['203.0.113.2'],
      'c.example': ['203.0.113.3'],
    });
    const cached = cachingLookup(lookup, { ttlMs: 10_000, maxHosts: 2, now });

    await cached('a.example');
    await cached('b.example');
    await cached('a.example'); // used again: b is now the least recent
    await cached('c.example'); // a third host: b is forgotten
    expect(first(await cached('a.example'))).toBe('203.0.113.1');
    expect(lookup.mock.calls).toEqual([['a.example'], ['b.example'], ['c.example']]);

    await expect(cached('b.example')).rejects.toMatchObject({ code: 'ENOTFOUND' }); // asked again
    expect(lookup).toHaveBeenCalledTimes(4);
  });
});
